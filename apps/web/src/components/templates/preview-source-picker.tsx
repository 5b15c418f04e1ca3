"use client";
// Who the preview (and a test send) renders for: sample JSON ({ contact, event }) or a real
// contact picked by search — its traits, and its latest event as `event`.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { PreviewSource } from "./template-preview";
import styles from "./template-editor.module.css";
import { InlineInput } from "@/components/ui/form-field";

const SAMPLE = JSON.stringify(
  {
    contact: { userId: "user-123", email: "ada@example.test", first_name: "Ada", plan: "pro" },
    event: {
      name: "added_to_cart",
      properties: {
        items: [
          { name: "Lamp", price: 30 },
          { name: "Desk", price: 120 },
        ],
      },
    },
  },
  null,
  2,
);

function parseSample(json: string): PreviewSource | { error: string } {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return { error: "The sample must be a JSON object." };
    const { contact = {}, event = {} } = value as { contact?: unknown; event?: unknown };
    const isObject = (v: unknown): v is Record<string, unknown> =>
      typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObject(contact) || !isObject(event)) return { error: '"contact" and "event" must be JSON objects.' };
    return { context: { contact, event } };
  } catch (error) {
    return { error: `Sample is not valid JSON: ${(error as Error).message}` };
  }
}

export function PreviewSourcePicker({ onChange }: { onChange: (source: PreviewSource) => void }) {
  const trpc = useTRPC();
  const [mode, setMode] = useState<"sample" | "contact">("sample");
  const [sampleJson, setSampleJson] = useState(SAMPLE);
  const [search, setSearch] = useState("");
  const [contactId, setContactId] = useState("");
  const debouncedSearch = useDebouncedValue(search, 250);
  const contacts = useQuery({
    ...trpc.templates.previewContacts.queryOptions({ search: debouncedSearch }),
    enabled: mode === "contact",
  });
  const sample = useMemo(() => parseSample(sampleJson), [sampleJson]);

  useEffect(() => {
    if (mode === "contact" && contactId) onChange({ contactId });
    else if (mode === "sample" && !("error" in sample)) onChange(sample);
  }, [mode, contactId, sample, onChange]);

  return (
    <div className="field">
      <span className="label">Preview as</span>
      <div className="row" role="radiogroup" aria-label="Preview as">
        <label className={`row ${styles.tightRow}`}>
          <input type="radio" name="preview-source" checked={mode === "sample"} onChange={() => setMode("sample")} />{" "}
          Sample JSON
        </label>
        <label className={`row ${styles.tightRow}`}>
          <input type="radio" name="preview-source" checked={mode === "contact"} onChange={() => setMode("contact")} />{" "}
          A contact
        </label>
      </div>
      {mode === "sample" ? (
        <>
          <textarea
            aria-label="Sample JSON"
            className="textarea code"
            rows={8}
            value={sampleJson}
            onChange={(e) => setSampleJson(e.target.value)}
          />
          {"error" in sample ? (
            <span className={`hint ${styles.hintDanger}`}>{sample.error}</span>
          ) : (
            <span className="hint">
              {"{ contact: {...traits}, event: { name, properties } } — traits also read as {{ first_name }}."}
            </span>
          )}
        </>
      ) : (
        <>
          <InlineInput
            label="Search contacts"
            placeholder="Search by email, user id or name"
            value={search}
            onValue={setSearch}
          />
          <select
            className="input"
            aria-label="Contact"
            value={contactId}
            onChange={(e) => setContactId(e.target.value)}
            data-testid="preview-contact"
          >
            <option value="">
              {contacts.isLoading ? "Loading…" : `Choose a contact (${contacts.data?.length ?? 0} found)`}
            </option>
            {contacts.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name ? `${c.name} — ${c.label}` : c.label}
              </option>
            ))}
          </select>
          <span className="hint">Uses the contact&apos;s traits and its latest event as {"{{ event }}"}.</span>
        </>
      )}
    </div>
  );
}
