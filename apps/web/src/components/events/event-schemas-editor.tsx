"use client";
// Event schemas: the workspace's enforcement mode (reject or flag) and, per event name, the
// rules its properties must follow — type, required, allowed values, min/max. Saving takes
// effect on this server at once and on others within a few seconds.
import { useMutation, useQuery } from "@tanstack/react-query";
import type { ChangeEvent, FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { Card, CardError, CardNote } from "@/components/ui/card";
import { DraftFormActions, RowActions, useDraft } from "@/components/ui/draft-editor";
import { Options, TextField } from "@/components/ui/form-field";
import { TableHead } from "@/components/ui/list-parts";
import styles from "./events.module.css";
import u from "@/components/ui/utility.module.css";

const TYPES = ["string", "number", "boolean", "array", "object"] as const;
type RuleDraft = {
  name: string;
  type: (typeof TYPES)[number];
  required: boolean;
  allowed: string;
  min: string;
  max: string;
};
type SchemaDraft = { eventName: string; isStrict: boolean; rules: RuleDraft[] };
type SavedRule = {
  name: string;
  type: RuleDraft["type"];
  required: boolean;
  enum?: (string | number)[];
  min?: number;
  max?: number;
};

const BOUNDS = ["min", "max"] as const;
const NEW_RULE: RuleDraft = { name: "", type: "string", required: true, allowed: "", min: "", max: "" };

function toRules(rows: RuleDraft[]): SavedRule[] {
  const num = (text: string) => (text.trim() === "" ? undefined : Number(text));
  return rows
    .filter((row) => row.name.trim() !== "")
    .map((row) => {
      const allowed = row.allowed
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");
      return {
        name: row.name.trim(),
        type: row.type,
        required: row.required,
        ...(allowed.length ? { enum: row.type === "number" ? allowed.map(Number) : allowed } : {}),
        ...(num(row.min) === undefined ? {} : { min: num(row.min) }),
        ...(num(row.max) === undefined ? {} : { max: num(row.max) }),
      };
    });
}

function toDraft(schema: { eventName: string; isStrict: boolean; rules: SavedRule[] }): SchemaDraft {
  return {
    eventName: schema.eventName,
    isStrict: schema.isStrict,
    rules: schema.rules.map((r) => ({
      name: r.name,
      type: r.type,
      required: r.required,
      allowed: (r.enum ?? []).join(", "),
      min: r.min?.toString() ?? "",
      max: r.max?.toString() ?? "",
    })),
  };
}

function summary(rule: SavedRule): string {
  const parts = [rule.type, rule.required ? "required" : "optional"];
  if (rule.enum?.length) parts.push(`one of ${rule.enum.join(", ")}`);
  if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return `${rule.name}: ${parts.join(", ")}`;
}

/** The two enforcement modes, as the radio buttons show them. */
const MODES = [
  { mode: "flag", title: "Flag it", text: "accept and store the event, marked with its problems on the Events page." },
  {
    mode: "reject",
    title: "Reject it",
    text: "answer 400 naming the event and each property problem; a batch holding it is refused whole.",
  },
] as const;

/** One property rule of the draft: its name, type, whether required, allowed values and bounds. */
function RuleRow({
  rule,
  onChange,
  onRemove,
}: {
  rule: RuleDraft;
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove: () => void;
}) {
  // Binds a text input to one field of the rule.
  const bind = (field: "name" | "allowed" | "min" | "max") => ({
    value: rule[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => onChange({ [field]: e.target.value }),
  });
  const hasBounds = rule.type !== "boolean" && rule.type !== "object";
  return (
    <div className={styles.ruleRow} data-testid="schema-rule">
      <input
        className="input mono"
        aria-label="Property name"
        placeholder="total"
        {...bind("name")}
        data-testid="rule-name"
      />
      <select
        className="input"
        aria-label="Type"
        value={rule.type}
        onChange={(e) => onChange({ type: e.target.value as RuleDraft["type"] })}
        data-testid="rule-type"
      >
        <Options values={TYPES} />
      </select>
      <input
        type="checkbox"
        aria-label="Required"
        checked={rule.required}
        onChange={(e) => onChange({ required: e.target.checked })}
        data-testid="rule-required"
      />
      <input
        className="input"
        aria-label="Allowed values"
        placeholder="any"
        disabled={rule.type !== "string" && rule.type !== "number"}
        {...bind("allowed")}
      />
      {BOUNDS.map((bound) => (
        <input
          key={bound}
          className="input"
          type="number"
          aria-label={bound === "min" ? "Min" : "Max"}
          disabled={!hasBounds}
          {...bind(bound)}
          data-testid={`rule-${bound}`}
        />
      ))}
      <button type="button" className="btn btn-sm" onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}

export function EventSchemasEditor() {
  const trpc = useTRPC();
  const schemas = useQuery(trpc.events.schemas.queryOptions());
  const { draft, setDraft, refresh, closeAndRefresh } = useDraft<SchemaDraft>(trpc.events.schemas.queryKey());
  const save = useMutation(trpc.events.saveSchema.mutationOptions({ onSuccess: closeAndRefresh }));
  const remove = useMutation(trpc.events.deleteSchema.mutationOptions({ onSuccess: refresh }));
  const setMode = useMutation(trpc.events.setMode.mutationOptions({ onSuccess: refresh }));
  const updateRule = (index: number, patch: Partial<RuleDraft>) =>
    setDraft((d) => (d ? { ...d, rules: d.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) } : d));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (draft) save.mutate({ eventName: draft.eventName, isStrict: draft.isStrict, rules: toRules(draft.rules) });
  }

  const mode = schemas.data?.mode ?? "flag";
  return (
    <div className="stack">
      <Card title="When an event breaks its schema" testId="schema-mode">
        <div className="card-body stack">
          {MODES.map((m) => (
            <label className={styles.check} key={m.mode}>
              <input
                type="radio"
                name="mode"
                checked={mode === m.mode}
                onChange={() => setMode.mutate({ mode: m.mode })}
                data-testid={`mode-${m.mode}`}
              />
              <span>
                <strong>{m.title}</strong> — {m.text}
              </span>
            </label>
          ))}
          {setMode.error ? <div className="alert alert-error">{setMode.error.message}</div> : null}
        </div>
      </Card>
      <Card
        title="Schemas"
        testId="schemas-list"
        action={
          draft ? null : (
            <button
              type="button"
              className="btn btn-sm btn-primary"
              data-testid="new-schema"
              onClick={() => setDraft({ eventName: "", isStrict: false, rules: [{ ...NEW_RULE }] })}
            >
              New schema
            </button>
          )
        }
      >
        <CardError error={schemas.error} />
        {schemas.isSuccess && schemas.data.schemas.length === 0 ? (
          <CardNote>No schemas: every event is accepted as sent.</CardNote>
        ) : null}
        {schemas.data?.schemas.length ? (
          <table className="table">
            <TableHead columns={["Event", "Rules", { ariaLabel: "Actions" }]} />
            <tbody>
              {schemas.data.schemas.map((s) => (
                <tr key={s.id} data-testid="schema-row" data-event={s.eventName}>
                  <td className={u.strong}>
                    {s.eventName}
                    {s.isStrict ? <span className={`badge ${u.badgeGap}`}>strict</span> : null}
                  </td>
                  <td className="muted">{s.rules.map(summary).join(" · ") || "—"}</td>
                  <RowActions
                    onEdit={() => setDraft(toDraft(s))}
                    onDelete={() => remove.mutate({ id: s.id })}
                    confirm={`Delete the schema of ${s.eventName}?`}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
      {draft ? (
        <Card title={draft.eventName ? `Schema of ${draft.eventName}` : "New schema"}>
          <form className="card-body stack" onSubmit={onSubmit} aria-label="Event schema">
            <TextField
              id="schema-event"
              label="Event name"
              placeholder="order_completed"
              value={draft.eventName}
              onValue={(eventName) => setDraft({ ...draft, eventName })}
              data-testid="schema-event"
            />
            <div className={`${styles.ruleRow} ${styles.ruleHead}`}>
              <span>Property</span>
              <span>Type</span>
              <span>Required</span>
              <span>Allowed values (comma separated)</span>
              <span>Min</span>
              <span>Max</span>
              <span />
            </div>
            {draft.rules.map((rule, index) => (
              <RuleRow
                key={index}
                rule={rule}
                onChange={(patch) => updateRule(index, patch)}
                onRemove={() => setDraft({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })}
              />
            ))}
            <p className="hint">Min/max bound a number&apos;s value, and a string&apos;s or array&apos;s length.</p>
            <div className="row">
              <button
                type="button"
                className="btn btn-sm"
                data-testid="add-rule"
                onClick={() => setDraft({ ...draft, rules: [...draft.rules, { ...NEW_RULE }] })}
              >
                + Add property
              </button>
              <label className={styles.check}>
                <input
                  type="checkbox"
                  checked={draft.isStrict}
                  onChange={(e) => setDraft({ ...draft, isStrict: e.target.checked })}
                />{" "}
                Strict: no other properties allowed
              </label>
            </div>
            <DraftFormActions
              error={save.error}
              errorTestId="schema-error"
              onCancel={() => setDraft(null)}
              isPending={save.isPending}
              submitLabel="Save schema"
              submitTestId="schema-save"
            />
          </form>
        </Card>
      ) : null}
    </div>
  );
}
