"use client";
// Inspector form for a branch: a condition builder. Groups are joined by AND/OR; each
// group is a list of predicates joined by its own AND/OR. Outlets: yes / no.
import { useId } from "react";
import type { Predicate } from "@mailstream/journey/schema";
import type { BranchData } from "./node-summaries";
import { createPredicate, PredicateFields } from "./predicate-fields";

type Group = BranchData["condition"]["groups"][number];

interface BranchFormProps {
  data: BranchData;
  emailNodes: readonly { id: string; label: string }[];
  onChange: (data: BranchData) => void;
}

function MatchSelect({ label, value, onChange }: { label: string; value: "all" | "any"; onChange: (v: "all" | "any") => void }) {
  return (
    <select aria-label={label} className="nodrag jc-input jc-input--inline" value={value} onChange={(e) => onChange(e.target.value as "all" | "any")}>
      <option value="all">AND</option>
      <option value="any">OR</option>
    </select>
  );
}

export function BranchForm({ data, emailNodes, onChange }: BranchFormProps) {
  const id = useId();
  const { condition } = data;
  const setGroups = (groups: Group[]) => onChange({ ...data, condition: { ...condition, groups } });
  const setGroup = (index: number, group: Group) => setGroups(condition.groups.map((g, i) => (i === index ? group : g)));
  const setPredicates = (index: number, group: Group, predicates: Predicate[]) => setGroup(index, { ...group, predicates });

  return (
    <div className="jc-form">
      {condition.groups.length > 1 && (
        <div className="jc-field jc-field--inline">
          <span>Join groups with</span>
          <MatchSelect label="Join groups with" value={condition.match} onChange={(match) => onChange({ ...data, condition: { ...condition, match } })} />
        </div>
      )}
      {condition.groups.map((group, gi) => (
        <fieldset key={`${gi}:${condition.groups.length}`} className="jc-fieldset jc-group">
          <legend>
            {`Group ${gi + 1}`}
            {group.predicates.length > 1 && (
              <MatchSelect label={`Group ${gi + 1} joins conditions with`} value={group.match} onChange={(match) => setGroup(gi, { ...group, match })} />
            )}
          </legend>
          {group.predicates.map((predicate, pi) => (
            <PredicateFields
              key={`${pi}:${group.predicates.length}:${predicate.type}`}
              name={`Group ${gi + 1} condition ${pi + 1}`}
              idPrefix={`${id}-g${gi}-p${pi}`}
              predicate={predicate}
              emailNodes={emailNodes}
              onChange={(next) => setPredicates(gi, group, group.predicates.map((p, i) => (i === pi ? next : p)))}
              onRemove={() => setPredicates(gi, group, group.predicates.filter((_, i) => i !== pi))}
            />
          ))}
          <div className="jc-links">
            <button
              type="button"
              className="nodrag jc-button jc-button--ghost jc-button--small"
              onClick={() => setPredicates(gi, group, [...group.predicates, createPredicate("trait")])}
            >
              + Add condition
            </button>
            <button
              type="button"
              className="nodrag jc-button jc-button--ghost jc-button--small"
              aria-label={`Remove group ${gi + 1}`}
              onClick={() => setGroups(condition.groups.filter((_, i) => i !== gi))}
            >
              Remove group
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="nodrag jc-button jc-button--ghost jc-button--small"
        onClick={() => setGroups([...condition.groups, { match: "all", predicates: [createPredicate("trait")] }])}
      >
        + Add group
      </button>
      <p className="jc-help">
        Checked against fresh data when a run arrives; matching runs take <b>yes</b>, the rest <b>no</b>.
      </p>
    </div>
  );
}
