"use client";
// Inspector form for a branch. Yes / no: one condition, outlets `yes` and `no`. Several
// cases: an ordered list of named conditions, the first that holds wins, outlet per case
// plus `else`. Each case's id is its outlet, so renaming a case keeps its connection.
import { useId } from "react";
import type { BranchCase } from "@mailstream/journey/schema";
import {
  newCondition,
  nextCaseId,
  withBranchMode,
  type BranchMode,
} from "@/components/canvas/inspector/fields/branch-cases";
import { ConditionBuilder } from "@/components/canvas/inspector/fields/condition-builder";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";

type BranchData = NodeDataOf<"branch">;
import jc from "@/components/canvas/journey-editor.module.css";
import u from "@/components/ui/utility.module.css";

interface BranchFormProps {
  data: BranchData;
  onChange: (data: BranchData) => void;
}

export function BranchForm({ data, onChange }: BranchFormProps) {
  const id = useId();
  const cases = data.cases ?? [];
  const mode = cases.length > 0 ? "cases" : "yes_no";
  const setCases = (next: BranchCase[]) => onChange({ ...data, cases: next });
  const setCase = (index: number, next: BranchCase) => setCases(cases.map((c, i) => (i === index ? next : c)));

  return (
    <div className={jc.form}>
      <div className={jc.field}>
        <label htmlFor={`${id}-mode`}>Branch type</label>
        <select
          id={`${id}-mode`}
          className={`nodrag ${jc.input}`}
          value={mode}
          onChange={(e) => onChange(withBranchMode(data, e.target.value as BranchMode))}
        >
          <option value="yes_no">Yes / no</option>
          <option value="cases">Several cases</option>
        </select>
      </div>
      {mode === "yes_no" ? (
        <>
          <ConditionBuilder
            idPrefix={id}
            namePrefix=""
            condition={data.condition}
            onChange={(condition) => onChange({ ...data, condition })}
          />
          <p className={jc.help}>
            Checked against fresh data when a run arrives; matching runs take <b>yes</b>, the rest <b>no</b>.
          </p>
        </>
      ) : (
        <>
          {cases.map((branchCase, index) => (
            <fieldset key={branchCase.id} className={`${jc.fieldset} ${jc.case}`}>
              <legend className={jc.caseHead}>
                <span className={jc.caseNumber}>{index + 1}</span>
                <label htmlFor={`${id}-${branchCase.id}-name`} className={u.srOnly}>{`Case ${index + 1} name`}</label>
                <input
                  id={`${id}-${branchCase.id}-name`}
                  className={`nodrag ${jc.input}`}
                  value={branchCase.name}
                  placeholder={`Case ${index + 1}`}
                  onChange={(e) => setCase(index, { ...branchCase, name: e.target.value })}
                />
                <button
                  type="button"
                  className={`nodrag ${jc.iconButton}`}
                  aria-label={`Remove case ${index + 1}`}
                  title="Remove case"
                  disabled={cases.length === 1}
                  onClick={() => setCases(cases.filter((_, i) => i !== index))}
                >
                  ×
                </button>
              </legend>
              <ConditionBuilder
                idPrefix={`${id}-${branchCase.id}`}
                namePrefix={`Case ${index + 1} `}
                condition={branchCase.condition}
                onChange={(condition) => setCase(index, { ...branchCase, condition })}
              />
            </fieldset>
          ))}
          <button
            type="button"
            className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall} ${jc.selfStart}`}
            onClick={() => {
              const caseId = nextCaseId(cases);
              setCases([...cases, { id: caseId, name: `Case ${cases.length + 1}`, condition: newCondition() }]);
            }}
          >
            + Add case
          </button>
          <p className={jc.help}>
            Cases are checked in order against fresh data; a run takes the first that holds, or <b>else</b> when none
            does.
          </p>
        </>
      )}
    </div>
  );
}
