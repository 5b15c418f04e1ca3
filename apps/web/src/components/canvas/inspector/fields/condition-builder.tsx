"use client";
// An AND/OR condition builder: groups joined by AND/OR, each a list of predicates joined
// by its own AND/OR. Used by the yes/no branch and by each case of a multi-case branch.
import type { Condition, Predicate } from "@mailstream/journey/schema";
import { createPredicate, PredicateFields } from "./predicate-fields";
import jc from "@/components/canvas/journey-editor.module.css";

type Group = Condition["groups"][number];

interface ConditionBuilderProps {
  idPrefix: string;
  /** Prefixes every label ("Case 2 ") so each box has a unique accessible name; "" for yes/no. */
  namePrefix: string;
  condition: Condition;
  onChange: (condition: Condition) => void;
}

function MatchSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: "all" | "any";
  onChange: (v: "all" | "any") => void;
}) {
  return (
    <select
      aria-label={label}
      className={`nodrag ${jc.input} ${jc.inputInline}`}
      value={value}
      onChange={(e) => onChange(e.target.value as "all" | "any")}
    >
      <option value="all">AND</option>
      <option value="any">OR</option>
    </select>
  );
}

export function ConditionBuilder({ idPrefix, namePrefix, condition, onChange }: ConditionBuilderProps) {
  const setGroups = (groups: Group[]) => onChange({ ...condition, groups });
  const setGroup = (index: number, group: Group) =>
    setGroups(condition.groups.map((g, i) => (i === index ? group : g)));
  const setPredicates = (index: number, group: Group, predicates: Predicate[]) =>
    setGroup(index, { ...group, predicates });

  return (
    <>
      {condition.groups.length > 1 && (
        <div className={`${jc.field} ${jc.fieldInline}`}>
          <span>Join groups with</span>
          <MatchSelect
            label={`${namePrefix}Join groups with`}
            value={condition.match}
            onChange={(match) => onChange({ ...condition, match })}
          />
        </div>
      )}
      {condition.groups.map((group, gi) => (
        <fieldset key={`${gi}:${condition.groups.length}`} className={`${jc.fieldset} ${jc.group}`}>
          <legend>
            {`Group ${gi + 1}`}
            {group.predicates.length > 1 && (
              <MatchSelect
                label={`${namePrefix}Group ${gi + 1} joins conditions with`}
                value={group.match}
                onChange={(match) => setGroup(gi, { ...group, match })}
              />
            )}
          </legend>
          {group.predicates.map((predicate, pi) => (
            <PredicateFields
              key={`${pi}:${group.predicates.length}:${predicate.type}`}
              name={`${namePrefix}Group ${gi + 1} condition ${pi + 1}`}
              idPrefix={`${idPrefix}-g${gi}-p${pi}`}
              predicate={predicate}
              onChange={(next) =>
                setPredicates(
                  gi,
                  group,
                  group.predicates.map((p, i) => (i === pi ? next : p)),
                )
              }
              onRemove={() =>
                setPredicates(
                  gi,
                  group,
                  group.predicates.filter((_, i) => i !== pi),
                )
              }
            />
          ))}
          <div className={jc.links}>
            <button
              type="button"
              className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
              onClick={() => setPredicates(gi, group, [...group.predicates, createPredicate("trait")])}
            >
              + Add condition
            </button>
            <button
              type="button"
              className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
              aria-label={`Remove ${namePrefix}group ${gi + 1}`}
              onClick={() => setGroups(condition.groups.filter((_, i) => i !== gi))}
            >
              Remove group
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall} ${jc.selfStart}`}
        onClick={() => setGroups([...condition.groups, { match: "all", predicates: [createPredicate("trait")] }])}
      >
        + Add group
      </button>
    </>
  );
}
