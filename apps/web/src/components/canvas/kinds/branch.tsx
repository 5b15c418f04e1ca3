// The branch on the canvas: yes / no on one condition, or named cases plus `else`, each
// case's id being its outlet.
import { BRANCH_ELSE_OUTLET } from "@mailstream/journey/schema";
import { BranchForm } from "@/components/canvas/inspector/branch-form";
import { summarizePredicate } from "@/components/canvas/nodes/predicate-summary";
import { defineCanvasKind, labelJourneyOutlets } from "./canvas-kind";

export const branchCanvasKind = defineCanvasKind({
  kind: "branch",
  description: "Yes / no on a condition",
  color: "#0d9488",
  icon: ["M6 3v6", "M6 9c0 5 12 3 12 9", "M6 9c0 5-0 6 0 12", "M18 18v3"],
  width: 260,
  createData: () => ({
    kind: "branch",
    condition: { match: "all", groups: [{ match: "all", predicates: [{ type: "trait", path: "", op: "eq" }] }] },
  }),
  summarize: (data) => {
    if (data.cases && data.cases.length > 0) {
      return `${data.cases.map((c, i) => c.name.trim() || `Case ${i + 1}`).join(" · ")} · else`;
    }
    const predicates = data.condition.groups.flatMap((g) => g.predicates);
    const first = predicates[0];
    if (!first) return "Add a condition";
    const more = predicates.length - 1;
    return `If ${summarizePredicate(first)}${more > 0 ? ` +${more} more` : ""}`;
  },
  outlets: (data) =>
    data.cases && data.cases.length > 0
      ? [
          ...data.cases.map((c) => ({ id: c.id, label: c.name.trim() || c.id })),
          { id: BRANCH_ELSE_OUTLET, label: "Else" },
        ]
      : labelJourneyOutlets(data),
  Form: BranchForm,
});
