"use client";
// The branch condition builder: AND/OR groups of predicates (the shared groups editor with
// the canvas's predicate row). Used by the yes/no branch and by each case of a multi-case branch.
import type { Condition } from "@mailstream/journey/schema";
import { PredicateGroupsEditor } from "@/components/filters/predicate-groups";
import { createPredicate, PredicateFields } from "./predicate-fields";

interface ConditionBuilderProps {
  idPrefix: string;
  /** Prefixes every label ("Case 2 ") so each box has a unique accessible name; "" for yes/no. */
  namePrefix: string;
  condition: Condition;
  onChange: (condition: Condition) => void;
}

export function ConditionBuilder({ idPrefix, namePrefix, condition, onChange }: ConditionBuilderProps) {
  return (
    <PredicateGroupsEditor
      value={condition}
      onChange={onChange}
      idPrefix={idPrefix}
      namePrefix={namePrefix}
      noun="condition"
      createPredicate={() => createPredicate("trait")}
      renderPredicate={(row) => <PredicateFields {...row} />}
    />
  );
}
