// Pure edits behind the branch form's two modes (yes / no, several cases + else).
import type { BranchCase, Condition } from "@mailstream/journey/schema";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";

type BranchData = NodeDataOf<"branch">;

export type BranchMode = "yes_no" | "cases";

/** A new case's condition: one empty trait rule to fill in (as a new branch starts). */
export function newCondition(): Condition {
  return {
    match: "all",
    groups: [{ match: "all", predicates: [{ type: "trait", path: "", op: "eq", value: undefined }] }],
  };
}

/** The next free case id: case-1, case-2… (never reused while the case exists, so edges stay put). */
export function nextCaseId(cases: readonly BranchCase[]): string {
  const taken = new Set(cases.map((c) => c.id));
  let n = cases.length + 1;
  while (taken.has(`case-${n}`)) n++;
  return `case-${n}`;
}

/** Several cases starts from the yes/no condition as case 1; back to yes/no drops the cases. */
export function withBranchMode(data: BranchData, mode: BranchMode): BranchData {
  if (mode === "yes_no") return { kind: "branch", condition: data.condition };
  if (data.cases && data.cases.length > 0) return data;
  return { ...data, cases: [{ id: "case-1", name: "Case 1", condition: data.condition }] };
}
