"use client";
// Computed trait definitions: the list (what each counts, over which window) and a form to
// create or change one. Saving recomputes the trait from history before it returns, so
// every contact's value is right when the list refreshes; events keep it current after.
import type { PropertyFilter } from "@mailstream/journey/schema";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { formatRelativeTime } from "@/components/ui/format";
import { Card, CardError, CardNote } from "@/components/ui/card";
import { DraftFormActions, RowActions, useDraft } from "@/components/ui/draft-editor";
import { FormField, TextField } from "@/components/ui/form-field";
import { TableHead } from "@/components/ui/list-parts";
import styles from "./contacts.module.css";
import { PropertyFilterRows } from "@/components/filters/property-filter-rows";

const KINDS = [
  { value: "count", label: "Count of events", hint: "how many times the contact did it" },
  { value: "sum", label: "Sum of a property", hint: "e.g. lifetime value = sum of total" },
  { value: "last_value", label: "Last value of a property", hint: "e.g. the plan of the latest order" },
  { value: "first_seen", label: "First seen", hint: "when the contact first did it" },
  { value: "last_seen", label: "Last seen", hint: "when the contact last did it" },
] as const;
type Kind = (typeof KINDS)[number]["value"];
const WINDOW_UNITS = { hours: 3600, days: 86_400 } as const;

interface Draft {
  id?: string;
  key: string;
  kind: Kind;
  eventName: string;
  property: string;
  filters: PropertyFilter[];
  windowAmount: string;
  windowUnit: keyof typeof WINDOW_UNITS;
}

const EMPTY: Draft = {
  key: "",
  kind: "count",
  eventName: "",
  property: "",
  filters: [],
  windowAmount: "",
  windowUnit: "days",
};

type Definition = {
  id: string;
  key: string;
  kind: Kind;
  eventName: string;
  property: string | null;
  filters: PropertyFilter[];
  windowSeconds: number | null;
  updatedAt: Date;
};

function describe(d: Definition): string {
  const what =
    d.kind === "count"
      ? `count of ${d.eventName}`
      : d.kind === "sum"
        ? `sum of ${d.property} over ${d.eventName}`
        : d.kind === "last_value"
          ? `last ${d.property} of ${d.eventName}`
          : `${d.kind === "first_seen" ? "first" : "last"} ${d.eventName}`;
  const filters = d.filters.length
    ? ` where ${d.filters.map((f) => `${f.path} ${f.op}${f.value === undefined ? "" : ` ${String(f.value)}`}`).join(" and ")}`
    : "";
  const window = d.windowSeconds
    ? ` in the last ${d.windowSeconds % 86_400 === 0 ? `${d.windowSeconds / 86_400} d` : `${d.windowSeconds / 3600} h`}`
    : "";
  return `${what}${filters}${window}`;
}

function toDraft(d: Definition): Draft {
  const days = d.windowSeconds && d.windowSeconds % 86_400 === 0;
  return {
    id: d.id,
    key: d.key,
    kind: d.kind,
    eventName: d.eventName,
    property: d.property ?? "",
    filters: d.filters,
    windowAmount: d.windowSeconds ? String(days ? d.windowSeconds / 86_400 : d.windowSeconds / 3600) : "",
    windowUnit: days || !d.windowSeconds ? "days" : "hours",
  };
}

export function ComputedTraitsEditor() {
  const trpc = useTRPC();
  const list = useQuery(trpc.computedTraits.list.queryOptions());
  const { draft, setDraft, refresh, closeAndRefresh } = useDraft<Draft>(trpc.computedTraits.list.queryKey());
  const save = useMutation(trpc.computedTraits.save.mutationOptions({ onSuccess: closeAndRefresh }));
  const remove = useMutation(trpc.computedTraits.delete.mutationOptions({ onSuccess: refresh }));
  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const needsProperty = draft?.kind === "sum" || draft?.kind === "last_value";
  const canWindow = draft?.kind === "count" || draft?.kind === "sum";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const amount = Number(draft.windowAmount);
    save.mutate({
      id: draft.id,
      trait: {
        key: draft.key,
        kind: draft.kind,
        eventName: draft.eventName,
        property: needsProperty ? draft.property : null,
        // Rows left without a path are dropped rather than rejected.
        filters: draft.filters.filter((f) => f.path.trim() !== "").map((f) => ({ ...f, path: f.path.trim() })),
        windowSeconds:
          canWindow && draft.windowAmount.trim() !== "" && amount > 0
            ? Math.round(amount * WINDOW_UNITS[draft.windowUnit])
            : null,
      },
    });
  }

  const items: Definition[] = list.data ?? [];
  return (
    <div className="stack">
      <Card
        title="Definitions"
        testId="computed-traits-list"
        action={
          draft ? null : (
            <button
              type="button"
              className="btn btn-sm btn-primary"
              data-testid="new-computed-trait"
              onClick={() => setDraft(EMPTY)}
            >
              New computed trait
            </button>
          )
        }
      >
        <CardError error={list.error} />
        {list.isSuccess && items.length === 0 ? (
          <CardNote>No computed traits yet. Define one to count, sum or remember what contacts do.</CardNote>
        ) : null}
        {items.length > 0 ? (
          <table className="table">
            <TableHead columns={["Name", "Definition", "Changed", { ariaLabel: "Actions" }]} />
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="computed-trait-definition" data-trait={d.key}>
                  <td className="mono">{d.key}</td>
                  <td>{describe(d)}</td>
                  <td className="muted">{formatRelativeTime(d.updatedAt)}</td>
                  <RowActions
                    onEdit={() => setDraft(toDraft(d))}
                    onDelete={() => remove.mutate({ id: d.id })}
                    confirm={`Delete ${d.key} and every contact's value of it?`}
                    disabled={remove.isPending}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <CardError error={remove.error} />
      </Card>
      {draft ? (
        <Card title={draft.id ? `Edit ${draft.key}` : "New computed trait"}>
          <form className="card-body stack" onSubmit={onSubmit} aria-label="Computed trait">
            <div className={styles.defGrid}>
              <TextField
                id="ct-key"
                label="Name"
                mono
                placeholder="lifetime_value"
                value={draft.key}
                onValue={(key) => set({ key })}
                data-testid="ct-key"
              />
              <FormField label="Computes" htmlFor="ct-kind" hint={KINDS.find((k) => k.value === draft.kind)?.hint}>
                <select
                  id="ct-kind"
                  className="input"
                  value={draft.kind}
                  onChange={(e) => set({ kind: e.target.value as Kind })}
                  data-testid="ct-kind"
                >
                  {KINDS.map((k) => (
                    <option key={k.value} value={k.value}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </FormField>
              <TextField
                id="ct-event"
                label="Event name"
                placeholder="order_completed"
                value={draft.eventName}
                onValue={(eventName) => set({ eventName })}
                data-testid="ct-event"
              />
              {needsProperty ? (
                <TextField
                  id="ct-property"
                  label="Property"
                  mono
                  hint="Path inside the event's properties."
                  placeholder="total"
                  value={draft.property}
                  onValue={(property) => set({ property })}
                  data-testid="ct-property"
                />
              ) : null}
              {canWindow ? (
                <FormField label="Only the last (optional)" htmlFor="ct-window">
                  <div className="row">
                    <input
                      id="ct-window"
                      className="input"
                      type="number"
                      min={1}
                      placeholder="all time"
                      value={draft.windowAmount}
                      onChange={(e) => set({ windowAmount: e.target.value })}
                      data-testid="ct-window"
                    />
                    <select
                      className="input"
                      aria-label="Window unit"
                      value={draft.windowUnit}
                      onChange={(e) => set({ windowUnit: e.target.value as Draft["windowUnit"] })}
                    >
                      <option value="hours">hours</option>
                      <option value="days">days</option>
                    </select>
                  </div>
                </FormField>
              ) : null}
            </div>
            <div className="field">
              <span className="label">Only events where</span>
              <div data-testid="trait-filters">
                <PropertyFilterRows
                  idPrefix="ct-filter"
                  filters={draft.filters}
                  event={draft.eventName}
                  onChange={(filters) => set({ filters })}
                />
              </div>
            </div>
            <DraftFormActions
              error={save.error}
              errorTestId="ct-error"
              onCancel={() => setDraft(null)}
              isPending={save.isPending}
              pendingLabel="Computing from history…"
              submitLabel="Save and compute"
              submitTestId="ct-save"
            />
          </form>
        </Card>
      ) : null}
    </div>
  );
}
