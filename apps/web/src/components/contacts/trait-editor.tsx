"use client";
// Traits as a table, and "Edit traits": add, change or remove keys. Values are parsed as
// JSON when they parse (numbers, booleans, objects) and kept as text otherwise; the server
// diffs the result and writes one audit row per save.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { Card, CardNote } from "@/components/ui/card";
import { DraftFormActions } from "@/components/ui/draft-editor";
import styles from "./contacts.module.css";
import { sortedTraits, traitText, TraitValuesTable } from "./trait-values-table";

type Row = { key: string; value: string };

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
  const entries = sortedTraits(traits);

  function startEditing() {
    setProblem(null);
    setRows(entries.map(([key, value]) => ({ key, value: traitText(value) })));
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
    <Card
      title="Traits"
      testId="contact-traits"
      action={
        rows ? null : (
          <button type="button" className="btn btn-sm" data-testid="edit-traits" onClick={startEditing}>
            Edit traits
          </button>
        )
      }
    >
      {rows ? (
        <form className="card-body stack" onSubmit={onSubmit} aria-label="Edit traits">
          {rows.map((row, index) => (
            <div className={styles.traitRow} key={index}>
              {(["key", "value"] as const).map((field) => (
                <input
                  key={field}
                  className="input"
                  aria-label={field === "key" ? "Trait name" : `Value of ${row.key || "new trait"}`}
                  placeholder={field === "key" ? "name" : "value"}
                  value={row[field]}
                  onChange={(e) => update(index, { [field]: e.target.value })}
                  data-testid={`trait-${field}`}
                />
              ))}
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
          <DraftFormActions
            error={problem ? { message: problem } : save.error}
            errorTestId="traits-error"
            onCancel={() => setRows(null)}
            isPending={save.isPending}
            submitLabel="Save traits"
            submitTestId="save-traits"
          >
            <button
              type="button"
              className="btn btn-sm"
              data-testid="add-trait"
              onClick={() => setRows([...rows, { key: "", value: "" }])}
            >
              + Add trait
            </button>
          </DraftFormActions>
        </form>
      ) : entries.length === 0 ? (
        <CardNote>No traits.</CardNote>
      ) : (
        <TraitValuesTable entries={entries} rowTestId="trait-row" />
      )}
    </Card>
  );
}
