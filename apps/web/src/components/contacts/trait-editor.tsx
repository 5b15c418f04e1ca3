"use client";
// Traits as a table, and "Edit traits": add, change or remove keys. Values are parsed as
// JSON when they parse (numbers, booleans, objects) and kept as text otherwise; the server
// diffs the result and writes one audit row per save.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import styles from "./contacts.module.css";
import u from "@/components/ui/utility.module.css";

type Row = { key: string; value: string };

function toText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function fromText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function TraitEditor({ contactId, traits }: { contactId: string; traits: Record<string, unknown> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation(
    trpc.contacts.editTraits.mutationOptions({
      onSuccess: async () => {
        setRows(null);
        await queryClient.invalidateQueries({ queryKey: trpc.contacts.byId.queryKey({ contactId }) });
      },
    }),
  );
  const entries = Object.entries(traits).sort(([a], [b]) => a.localeCompare(b));

  function startEditing() {
    setProblem(null);
    setRows(entries.map(([key, value]) => ({ key, value: toText(value) })));
  }

  function update(index: number, patch: Partial<Row>) {
    setRows((current) => current?.map((row, i) => (i === index ? { ...row, ...patch } : row)) ?? null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!rows) return;
    const kept = rows.filter((row) => row.key.trim() !== "" || row.value !== "");
    const keys = kept.map((row) => row.key.trim());
    if (keys.some((key) => key === "")) return setProblem("Every trait needs a name.");
    const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
    if (duplicate) return setProblem(`The trait “${duplicate}” appears twice.`);
    setProblem(null);
    save.mutate({ contactId, traits: Object.fromEntries(kept.map((row) => [row.key.trim(), fromText(row.value)])) });
  }

  return (
    <section className="card" data-testid="contact-traits">
      <div className="card-header">
        <h2>Traits</h2>
        {rows ? null : (
          <button type="button" className="btn btn-sm" data-testid="edit-traits" onClick={startEditing}>
            Edit traits
          </button>
        )}
      </div>
      {rows ? (
        <form className="card-body stack" onSubmit={onSubmit} aria-label="Edit traits">
          {rows.map((row, index) => (
            <div className={styles.traitRow} key={index}>
              <input
                className="input"
                aria-label="Trait name"
                placeholder="name"
                value={row.key}
                onChange={(e) => update(index, { key: e.target.value })}
                data-testid="trait-key"
              />
              <input
                className="input"
                aria-label={`Value of ${row.key || "new trait"}`}
                placeholder="value"
                value={row.value}
                onChange={(e) => update(index, { value: e.target.value })}
                data-testid="trait-value"
              />
              <button
                type="button"
                className="btn btn-sm"
                aria-label={`Remove ${row.key || "trait"}`}
                onClick={() => setRows(rows.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </div>
          ))}
          <p className="hint">
            Values that parse as JSON (42, true, {"{…}"}) are stored as such; anything else as text. Every save is
            audited.
          </p>
          {problem ? <div className="alert alert-error">{problem}</div> : null}
          {save.error ? <div className="alert alert-error">{save.error.message}</div> : null}
          <div className="row">
            <button
              type="button"
              className="btn btn-sm"
              data-testid="add-trait"
              onClick={() => setRows([...rows, { key: "", value: "" }])}
            >
              + Add trait
            </button>
            <span className={u.spacer} />
            <button type="button" className="btn btn-sm" onClick={() => setRows(null)}>
              Cancel
            </button>
            <button
              type="submit"
              className="btn btn-sm btn-primary"
              data-testid="save-traits"
              disabled={save.isPending}
            >
              {save.isPending ? "Saving…" : "Save traits"}
            </button>
          </div>
        </form>
      ) : entries.length === 0 ? (
        <div className="card-body muted">No traits.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Trait</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key} data-testid="trait-row" data-trait={key}>
                <td className="mono">{key}</td>
                <td className={u.wrapAnywhere}>{toText(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
