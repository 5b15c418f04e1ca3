"use client";
// One rule of the segment builder, composed from the branch builder's row frame and field
// groups (trait comparison, event count, segment membership) plus the segment-only rules:
// computed traits, "has not performed … within T / ever", "opened/clicked any email within T".
import { ENGAGEMENT_ACTIONS, type Duration, type Predicate } from "@mailstream/journey/schema";
import type { SegmentPredicate } from "@mailstream/journey/segment-definition";
import { DurationFields } from "@/components/canvas/inspector/fields/duration-fields";
import {
  ComparisonFields,
  EventCountFields,
  PredicateShell,
  SegmentMembershipFields,
  TextField,
} from "@/components/canvas/inspector/fields/predicate-fields";
import { createSegmentRule, SEGMENT_RULE_LABELS } from "./segment-rules";
import jc from "@/components/canvas/journey-editor.module.css";

interface SegmentRuleFieldsProps {
  name: string;
  idPrefix: string;
  rule: SegmentPredicate;
  /** The segment being edited (cannot refer to itself). */
  segmentId?: string;
  onChange: (rule: SegmentPredicate) => void;
  onRemove: () => void;
}

export function SegmentRuleFields({ name, idPrefix, rule, segmentId, onChange, onRemove }: SegmentRuleFieldsProps) {
  return (
    <PredicateShell
      name={name}
      idPrefix={idPrefix}
      typeLabels={SEGMENT_RULE_LABELS}
      type={rule.type}
      onTypeChange={(type) => onChange(createSegmentRule(type))}
      onRemove={onRemove}
    >
      <RuleBody name={name} idPrefix={idPrefix} rule={rule} segmentId={segmentId} onChange={onChange} />
    </PredicateShell>
  );
}

function RuleBody({ name, idPrefix, rule, segmentId, onChange }: Omit<SegmentRuleFieldsProps, "onRemove">) {
  switch (rule.type) {
    case "trait":
      // Same shape as the branch's trait predicate, so the branch's fields edit it as is.
      return (
        <ComparisonFields
          name={name}
          idPrefix={idPrefix}
          predicate={rule}
          onChange={(next: Predicate) => onChange(next as SegmentPredicate)}
        />
      );
    case "computed_trait":
      // The comparison row of a trait rule, with the computed trait's key in the name box.
      return (
        <ComparisonFields
          name={`${name} computed`}
          idPrefix={idPrefix}
          isSuggesting={false}
          predicate={{ type: "trait", path: rule.key, op: rule.op, value: rule.value }}
          onChange={(next: Predicate) =>
            next.type === "trait" &&
            onChange({ type: "computed_trait", key: next.path, op: next.op, value: next.value })
          }
        />
      );
    case "event_count":
      return <EventCountFields name={name} idPrefix={idPrefix} predicate={rule} onChange={onChange} />;
    case "segment":
      return <SegmentMembershipFields name={name} predicate={rule} excludeId={segmentId} onChange={onChange} />;
    case "not_performed":
      return (
        <>
          <TextField
            id={`${idPrefix}-event`}
            label={`${name} event`}
            value={rule.event}
            placeholder="purchase"
            source={{ kind: "event" }}
            onChange={(event) => onChange({ ...rule, event })}
          />
          <select
            aria-label={`${name} period`}
            className={`nodrag ${jc.input}`}
            value={rule.within ? "within" : "ever"}
            onChange={(e) =>
              onChange({ ...rule, within: e.target.value === "ever" ? null : { amount: 30, unit: "days" } })
            }
          >
            <option value="within">within the last…</option>
            <option value="ever">ever</option>
          </select>
          {rule.within ? (
            <WithinLastFields
              name={name}
              idPrefix={idPrefix}
              within={rule.within}
              onChange={(within) => onChange({ ...rule, within })}
            />
          ) : null}
        </>
      );
    case "email_engagement":
      return (
        <>
          <select
            aria-label={`${name} action`}
            className={`nodrag ${jc.input}`}
            value={rule.action}
            onChange={(e) => onChange({ ...rule, action: e.target.value as (typeof ENGAGEMENT_ACTIONS)[number] })}
          >
            {ENGAGEMENT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {`${action} any email`}
              </option>
            ))}
          </select>
          <WithinLastFields
            name={name}
            idPrefix={idPrefix}
            within={rule.within}
            onChange={(within) => onChange({ ...rule, within })}
          />
        </>
      );
  }
}

/** The "within the last …" window of a segment rule. */
function WithinLastFields({
  name,
  idPrefix,
  within,
  onChange,
}: {
  name: string;
  idPrefix: string;
  within: Duration;
  onChange: (within: Duration) => void;
}) {
  return (
    <DurationFields
      idPrefix={`${idPrefix}-within`}
      label={`${name} within the last`}
      unitLabel={`${name} window unit`}
      value={within}
      onChange={onChange}
    />
  );
}
