"use client";
// The one editor of AND/OR groups of predicates: groups joined by AND/OR, each a list of
// predicates joined by its own AND/OR. The canvas branch condition and the segment builder
// both edit this shape; each brings its own predicate row (`renderPredicate`) and noun.
import { Fragment, type ReactNode } from "react";
import jc from "@/components/canvas/journey-editor.module.css";

type Match = "all" | "any";
interface Group<P> {
  match: Match;
  predicates: P[];
}

function MatchSelect({ label, value, onChange }: { label: string; value: Match; onChange: (v: Match) => void }) {
  return (
    <select
      aria-label={label}
      className={`nodrag ${jc.input} ${jc.inputInline}`}
      value={value}
      onChange={(e) => onChange(e.target.value as Match)}
    >
      <option value="all">AND</option>
      <option value="any">OR</option>
    </select>
  );
}

/** What the editor hands each predicate row: its accessible name, an id prefix and its edits. */
export interface PredicateRowProps<P> {
  predicate: P;
  name: string;
  idPrefix: string;
  onChange: (next: P) => void;
  onRemove: () => void;
}

// `nodrag` keeps React Flow from starting a node drag from these controls on the canvas;
// elsewhere the class does nothing.
const SMALL_BUTTON = `nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`;

export function PredicateGroupsEditor<P extends { type: string }, V extends { match: Match; groups: Group<P>[] }>({
  value,
  onChange,
  idPrefix,
  namePrefix = "",
  noun,
  createPredicate,
  renderPredicate,
}: {
  value: V;
  onChange: (value: V) => void;
  idPrefix: string;
  /** Prefixes every label ("Case 2 ") so each box has a unique accessible name. */
  namePrefix?: string;
  /** What one predicate is called on screen: "condition", "rule". */
  noun: string;
  createPredicate: () => P;
  renderPredicate: (row: PredicateRowProps<P>) => ReactNode;
}) {
  const setGroups = (groups: Group<P>[]) => onChange({ ...value, groups });
  const setPredicates = (index: number, group: Group<P>, predicates: P[]) =>
    setGroups(value.groups.map((g, i) => (i === index ? { ...group, predicates } : g)));

  return (
    <>
      {value.groups.length > 1 && (
        <div className={`${jc.field} ${jc.fieldInline}`}>
          <span>Join groups with</span>
          <MatchSelect
            label={`${namePrefix}Join groups with`}
            value={value.match}
            onChange={(match) => onChange({ ...value, match })}
          />
        </div>
      )}
      {value.groups.map((group, gi) => (
        <fieldset key={`${gi}:${value.groups.length}`} className={`${jc.fieldset} ${jc.group}`}>
          <legend>
            {`Group ${gi + 1}`}
            {group.predicates.length > 1 && (
              <MatchSelect
                label={`${namePrefix}Group ${gi + 1} joins ${noun}s with`}
                value={group.match}
                onChange={(match) => setGroups(value.groups.map((g, i) => (i === gi ? { ...group, match } : g)))}
              />
            )}
          </legend>
          {group.predicates.map((predicate, pi) => (
            <Fragment key={`${pi}:${group.predicates.length}:${predicate.type}`}>
              {renderPredicate({
                predicate,
                name: `${namePrefix}Group ${gi + 1} ${noun} ${pi + 1}`,
                idPrefix: `${idPrefix}-g${gi}-p${pi}`,
                onChange: (next) =>
                  setPredicates(
                    gi,
                    group,
                    group.predicates.map((p, i) => (i === pi ? next : p)),
                  ),
                onRemove: () =>
                  setPredicates(
                    gi,
                    group,
                    group.predicates.filter((_, i) => i !== pi),
                  ),
              })}
            </Fragment>
          ))}
          <div className={jc.links}>
            <button
              type="button"
              className={SMALL_BUTTON}
              onClick={() => setPredicates(gi, group, [...group.predicates, createPredicate()])}
            >
              {`+ Add ${noun}`}
            </button>
            <button
              type="button"
              className={SMALL_BUTTON}
              aria-label={`Remove ${namePrefix}group ${gi + 1}`}
              onClick={() => setGroups(value.groups.filter((_, i) => i !== gi))}
            >
              Remove group
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className={`${SMALL_BUTTON} ${jc.selfStart}`}
        onClick={() => setGroups([...value.groups, { match: "all", predicates: [createPredicate()] }])}
      >
        + Add group
      </button>
    </>
  );
}
