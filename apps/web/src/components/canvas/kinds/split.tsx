// The split on the canvas: its outlets are its variants, labelled with their weights.
import { SplitForm } from "@/components/canvas/inspector/split-form";
import { defineCanvasKind } from "./canvas-kind";

export const splitCanvasKind = defineCanvasKind({
  kind: "split",
  description: "A/B test with weights",
  color: "#db2777",
  icon: ["M12 3v6", "m12 9-7 7", "m12 9 7 7", "M12 9v12"],
  width: 280,
  createData: () => ({
    kind: "split",
    variants: [
      { id: "a", name: "A", weight: 50 },
      { id: "b", name: "B", weight: 50 },
    ],
    holdoutPercent: 0,
  }),
  summarize: (data) => {
    if (data.variants.length === 0) return "Add variants";
    const parts = data.variants.map((v) => `${v.name || v.id} ${v.weight}%`);
    if (data.holdoutPercent > 0) parts.push(`hold-out ${data.holdoutPercent}%`);
    if (data.autoWinner?.enabled) parts.push(`auto winner at ${Math.round(data.autoWinner.confidence * 1000) / 10}%`);
    return `Split ${parts.join(" · ")}`;
  },
  outlets: (data) => data.variants.map((v) => ({ id: v.id, label: `${v.name || v.id} ${v.weight}%` })),
  Form: SplitForm,
});
