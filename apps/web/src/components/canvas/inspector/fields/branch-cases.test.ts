import { describe, expect, it } from "vitest";
import { nodeOutlets } from "@mailstream/journey/schema";
import { validateGraph } from "@mailstream/journey/validate";
import { nextCaseId, withBranchMode } from "./branch-cases";
import { dropOrphanOutletEdges, toFlowEdges } from "@/components/canvas/store/flow-adapter";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";
import { getOutlets, summarizeNode } from "@/components/canvas/kinds/registry";

const condition: NodeDataOf<"branch">["condition"] = {
  match: "all",
  groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] }],
};
const yesNo: NodeDataOf<"branch"> = { kind: "branch", condition };

describe("branch modes", () => {
  it("switching to several cases starts from the yes/no condition as case 1, with an else outlet", () => {
    const cases = withBranchMode(yesNo, "cases");
    expect(cases.cases).toEqual([{ id: "case-1", name: "Case 1", condition }]);
    expect(nodeOutlets(cases)).toEqual(["case-1", "else"]);
    expect(getOutlets(cases)).toEqual([
      { id: "case-1", label: "Case 1" },
      { id: "else", label: "Else" },
    ]);
    expect(summarizeNode(cases, new Map())).toBe("Case 1 · else");
  });

  it("switching back to yes / no drops the cases and keeps the condition", () => {
    const back = withBranchMode({ ...yesNo, cases: [{ id: "case-1", name: "VIP", condition }] }, "yes_no");
    expect(back).toEqual(yesNo);
    expect(nodeOutlets(back)).toEqual(["yes", "no"]);
  });

  it("never reuses the id of a case that still exists", () => {
    expect(nextCaseId([])).toBe("case-1");
    expect(nextCaseId([{ id: "case-2", name: "", condition }])).toBe("case-3");
    expect(
      nextCaseId([
        { id: "case-1", name: "", condition },
        { id: "case-3", name: "", condition },
      ]),
    ).toBe("case-4");
  });

  it("drops edges hanging from outlets the node no longer has, and keeps the rest", () => {
    const cases = withBranchMode(yesNo, "cases");
    const edges = toFlowEdges({
      nodes: [],
      edges: [
        { id: "y", source: "b", target: "m", sourceHandle: "yes" },
        { id: "n", source: "b", target: "x", sourceHandle: "no" },
        { id: "other", source: "t", target: "b", sourceHandle: null },
      ],
    });
    expect(dropOrphanOutletEdges(edges, "b", cases).map((e) => e.id)).toEqual(["other"]);
    expect(dropOrphanOutletEdges(edges, "b", yesNo).map((e) => e.id)).toEqual(["y", "n", "other"]);
  });

  it("a multi-case branch with every outlet wired validates", () => {
    const data: NodeDataOf<"branch"> = { kind: "branch", condition, cases: [{ id: "case-1", name: "Pro", condition }] };
    const issues = validateGraph({
      nodes: [
        { id: "t", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "signed_up", filters: [] } },
        { id: "b", position: { x: 0, y: 100 }, data },
        { id: "x", position: { x: 0, y: 200 }, data: { kind: "exit" } },
      ],
      edges: [
        { id: "e1", source: "t", target: "b", sourceHandle: null },
        { id: "e2", source: "b", target: "x", sourceHandle: "case-1" },
        { id: "e3", source: "b", target: "x", sourceHandle: "else" },
      ],
    });
    expect(issues).toEqual([]);
  });
});
