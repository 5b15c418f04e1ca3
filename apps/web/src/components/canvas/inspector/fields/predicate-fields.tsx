"use client";
// One predicate row of the branch condition builder: a type select, then the fields of
// that type (trait / trigger property comparisons, event history, email engagement, segment,
// a property of the event an earlier until-event wait matched).
// The row frame and the shared field groups are exported for the segment builder.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { COUNT_COMPARISONS, ENGAGEMENT_ACTIONS, type Predicate, type PredicateType } from "@mailstream/journey/schema";
import { useTRPC } from "@/trpc/client";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import { DurationFields } from "./duration-fields";
import { OpValueFields } from "@/components/filters/op-value-fields";
import { SuggestInput, type SuggestSource } from "@/components/filters/suggest-input";
import jc from "@/components/canvas/journey-editor.module.css";
import u from "@/components/ui/utility.module.css";

const PREDICATE_TYPE_LABELS: Record<PredicateType, string> = {
  trait: "Contact trait",
  trigger: "Trigger event property",
  event_count: "Event history: performed…",
  not_performed_since_entry: "Event history: not since entry",
  email_engagement: "Email engagement",
  segment: "Segment membership",
  matched_event: "Matched event property",
};

export function createPredicate(type: PredicateType): Predicate {
  switch (type) {
    case "trait":
      return { type, path: "", op: "eq", value: undefined };
    case "trigger":
      return { type, path: "properties.", op: "eq", value: undefined };
    case "event_count":
      return { type, event: "", filters: [], comparison: "at_least", count: 1, within: { amount: 1, unit: "days" } };
    case "not_performed_since_entry":
      return { type, event: "", filters: [] };
    case "email_engagement":
      return { type, nodeId: "", action: "opened" };
    case "segment":
      return { type, segmentId: "", isMember: true };
    case "matched_event":
      return { type, nodeId: "", path: "properties.", op: "eq", value: undefined };
  }
}

interface PredicateFieldsProps {
  /** e.g. "Group 1 condition 2": prefixes every label so `getByLabel` finds one box. */
  name: string;
  idPrefix: string;
  predicate: Predicate;
  onChange: (predicate: Predicate) => void;
  onRemove: () => void;
}

export function PredicateFields({ name, idPrefix, predicate, onChange, onRemove }: PredicateFieldsProps) {
  return (
    <PredicateShell
      name={name}
      idPrefix={idPrefix}
      typeLabels={PREDICATE_TYPE_LABELS}
      type={predicate.type}
      onTypeChange={(type) => onChange(createPredicate(type))}
      onRemove={onRemove}
    >
      <PredicateBody name={name} idPrefix={idPrefix} predicate={predicate} onChange={onChange} />
    </PredicateShell>
  );
}

/** One rule's frame: a type select over `typeLabels`, a remove button, then the type's fields. Shared with the segment builder. */
export function PredicateShell<T extends string>({
  name,
  idPrefix,
  typeLabels,
  type,
  onTypeChange,
  onRemove,
  children,
}: {
  name: string;
  idPrefix: string;
  typeLabels: Record<T, string>;
  type: T;
  onTypeChange: (type: T) => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <div className={jc.predicate}>
      <div className={jc.predicateHead}>
        <label htmlFor={`${idPrefix}-type`} className={u.srOnly}>{`${name} type`}</label>
        <select
          id={`${idPrefix}-type`}
          className={`nodrag ${jc.input}`}
          value={type}
          onChange={(e) => onTypeChange(e.target.value as T)}
        >
          {(Object.entries(typeLabels) as [T, string][]).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`nodrag ${jc.iconButton}`}
          aria-label={`Remove ${name}`}
          title="Remove"
          onClick={onRemove}
        >
          ×
        </button>
      </div>
      {children}
    </div>
  );
}

function PredicateBody({ name, idPrefix, predicate: p, onChange }: Omit<PredicateFieldsProps, "onRemove">) {
  // Email steps and until-event waits of this journey, for engagement and matched-event rules.
  const stepNodes = useCanvasStore((s) => s.stepNodes);
  switch (p.type) {
    case "trait":
    case "trigger":
      return <ComparisonFields name={name} idPrefix={idPrefix} predicate={p} onChange={onChange} />;
    case "event_count":
      return <EventCountFields name={name} idPrefix={idPrefix} predicate={p} onChange={onChange} />;
    case "not_performed_since_entry":
      return (
        <TextField
          id={`${idPrefix}-event`}
          label={`${name} event`}
          value={p.event}
          placeholder="purchase"
          source={{ kind: "event" }}
          onChange={(event) => onChange({ ...p, event })}
        />
      );
    case "email_engagement":
      return (
        <div className={jc.fieldRow}>
          <select
            aria-label={`${name} action`}
            className={`nodrag ${jc.input}`}
            value={p.action}
            onChange={(e) => onChange({ ...p, action: e.target.value as (typeof ENGAGEMENT_ACTIONS)[number] })}
          >
            {ENGAGEMENT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <select
            aria-label={`${name} email step`}
            className={`nodrag ${jc.input}`}
            value={p.nodeId}
            onChange={(e) => onChange({ ...p, nodeId: e.target.value })}
          >
            <option value="">Choose an email step…</option>
            {stepNodes
              .filter((n) => n.kind === "email")
              .map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label}
                </option>
              ))}
          </select>
        </div>
      );
    case "segment":
      return <SegmentMembershipFields name={name} predicate={p} onChange={onChange} />;
    case "matched_event":
      return (
        <>
          <select
            aria-label={`${name} wait step`}
            className={`nodrag ${jc.input}`}
            value={p.nodeId}
            onChange={(e) => onChange({ ...p, nodeId: e.target.value })}
          >
            <option value="">Choose a wait-until-event step…</option>
            {stepNodes
              .filter((n) => n.kind === "until_event")
              .map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label}
                </option>
              ))}
          </select>
          <ComparisonFields name={name} idPrefix={idPrefix} predicate={p} onChange={onChange} />
        </>
      );
  }
}

type ComparisonPredicate = Extract<Predicate, { type: "trait" | "trigger" | "matched_event" }>;

/** Traits suggest trait names and their values; event properties any event's paths and values. */
function comparisonSources(predicate: ComparisonPredicate): { path: SuggestSource; value: SuggestSource } {
  return predicate.type === "trait"
    ? { path: { kind: "trait" }, value: { kind: "trait_value", path: predicate.path } }
    : { path: { kind: "event_path" }, value: { kind: "event_value", path: predicate.path } };
}

export function ComparisonFields({
  name,
  idPrefix,
  predicate,
  onChange,
  isSuggesting = true,
}: {
  name: string;
  idPrefix: string;
  predicate: ComparisonPredicate;
  onChange: (p: Predicate) => void;
  /** False where the catalogue does not know the names (computed trait keys). */
  isSuggesting?: boolean;
}) {
  const sources = isSuggesting ? comparisonSources(predicate) : null;
  return (
    <div className={`${jc.filter} ${jc.filterPredicate}`}>
      <SuggestInput
        id={`${idPrefix}-path`}
        aria-label={`${name} ${predicate.type === "trait" ? "trait" : "property"}`}
        className={`nodrag ${jc.input}`}
        value={predicate.path}
        placeholder={predicate.type === "trait" ? "plan" : "properties.cart_value"}
        source={sources?.path ?? null}
        onChange={(path) => onChange({ ...predicate, path })}
      />
      <OpValueFields
        op={predicate.op}
        value={predicate.value}
        className={`nodrag ${jc.input}`}
        opAttrs={{ "aria-label": `${name} operator` }}
        valueAttrs={{ "aria-label": `${name} value` }}
        valueSource={sources?.value ?? null}
        onChange={({ op, value }) => onChange({ ...predicate, op, value })}
      />
    </div>
  );
}

export function TextField({
  id,
  label,
  value,
  placeholder,
  source = null,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  /** Suggestions while typing (an event name field passes `{ kind: "event" }`). */
  source?: SuggestSource | null;
  onChange: (v: string) => void;
}) {
  return (
    <SuggestInput
      id={id}
      aria-label={label}
      className={`nodrag ${jc.input}`}
      value={value}
      placeholder={placeholder}
      source={source}
      onChange={onChange}
    />
  );
}

type EventCountPredicate = Extract<Predicate, { type: "event_count" }>;

/** "performed `event` at least|at most|exactly N times within the last T" (branch and segment rules share the shape). */
export function EventCountFields({
  name,
  idPrefix,
  predicate: p,
  onChange,
}: {
  name: string;
  idPrefix: string;
  predicate: EventCountPredicate;
  onChange: (p: EventCountPredicate) => void;
}) {
  return (
    <>
      <TextField
        id={`${idPrefix}-event`}
        label={`${name} event`}
        value={p.event}
        placeholder="viewed_product"
        source={{ kind: "event" }}
        onChange={(event) => onChange({ ...p, event })}
      />
      <div className={jc.fieldRow}>
        <select
          aria-label={`${name} comparison`}
          className={`nodrag ${jc.input}`}
          value={p.comparison}
          onChange={(e) => onChange({ ...p, comparison: e.target.value as (typeof COUNT_COMPARISONS)[number] })}
        >
          {COUNT_COMPARISONS.map((c) => (
            <option key={c} value={c}>
              {c.replace("_", " ")}
            </option>
          ))}
        </select>
        <input
          aria-label={`${name} count`}
          className={`nodrag ${jc.input}`}
          type="number"
          min={0}
          value={p.count}
          onChange={(e) => Number.isFinite(e.target.valueAsNumber) && onChange({ ...p, count: e.target.valueAsNumber })}
        />
        <span className={`${jc.muted} ${jc.predicateUnit}`}>times</span>
      </div>
      <DurationFields
        idPrefix={`${idPrefix}-within`}
        label={`${name} within the last`}
        unitLabel={`${name} window unit`}
        value={p.within}
        onChange={(within) => onChange({ ...p, within })}
      />
    </>
  );
}

type SegmentPredicate = Extract<Predicate, { type: "segment" }>;

/** "is in / is not in <segment>", choosing among the workspace's segments (read here, so no form passes them down). */
export function SegmentMembershipFields({
  name,
  predicate: p,
  excludeId,
  onChange,
}: {
  name: string;
  predicate: SegmentPredicate;
  /** The segment being edited, which cannot refer to itself. */
  excludeId?: string;
  onChange: (p: SegmentPredicate) => void;
}) {
  const trpc = useTRPC();
  const segments = useQuery(trpc.segments.list.queryOptions());
  const choices = (segments.data ?? []).filter((segment) => segment.id !== excludeId);
  const isKnown = p.segmentId === "" || choices.some((segment) => segment.id === p.segmentId);
  return (
    <div className={jc.fieldRow}>
      <select
        aria-label={`${name} membership`}
        className={`nodrag ${jc.input}`}
        value={p.isMember ? "in" : "not_in"}
        onChange={(e) => onChange({ ...p, isMember: e.target.value === "in" })}
      >
        <option value="in">is in</option>
        <option value="not_in">is not in</option>
      </select>
      <select
        aria-label={`${name} segment`}
        className={`nodrag ${jc.input}`}
        value={p.segmentId}
        onChange={(e) => onChange({ ...p, segmentId: e.target.value })}
      >
        <option value="">{segments.isPending ? "Loading segments…" : "Choose a segment…"}</option>
        {choices.map((segment) => (
          <option key={segment.id} value={segment.id}>
            {segment.name}
          </option>
        ))}
        {isKnown || segments.isPending ? null : <option value={p.segmentId}>Missing segment</option>}
      </select>
    </div>
  );
}
