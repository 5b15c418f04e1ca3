"use client";
// The template editor's preview pane: renders the unsaved content server-side (react-email +
// Liquid) once typing pauses. A Liquid error is shown as a message above the last good
// render, dimmed, so the preview never flashes empty while you type.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "../../trpc/client";
import { useDebouncedValue } from "../ui/use-debounced-value";
import styles from "./template-editor.module.css";

export type TemplateField = "subject" | "preheader" | "body";

interface Props {
  content: { subject: string; preheader: string; body: string };
  contact: Record<string, unknown>;
  /** Which field the current error is in (null when the template renders). */
  onBrokenField: (field: TemplateField | null) => void;
}

export function TemplatePreview({ content, contact, onBrokenField }: Props) {
  const trpc = useTRPC();
  const [tab, setTab] = useState<"html" | "text">("html");
  const { subject, preheader, body } = content;
  // Memoised on the field values: a fresh object every render would restart the debounce forever.
  const latest = useMemo(
    () => ({ content: { subject, preheader, body }, context: { contact } }),
    [subject, preheader, body, contact],
  );
  const input = useDebouncedValue(latest, 250);
  const preview = useQuery({ ...trpc.templates.preview.queryOptions(input), placeholderData: keepPreviousData });
  const result = preview.data;
  const [lastGood, setLastGood] = useState<Extract<typeof result, { ok: true }> | null>(null);

  useEffect(() => {
    if (result?.ok) setLastGood(result);
    onBrokenField(result && !result.ok ? result.field : null);
  }, [result, onBrokenField]);

  // Input validation (an empty subject, say) fails the query itself; Liquid errors come back as data.
  const problem = preview.error?.message ?? (result && !result.ok ? result.message : null);
  return (
    <section className={`card ${styles.previewCard}`} aria-label="Preview">
      <div className="card-header">
        <h2>Preview</h2>
        <div className={styles.tabs} role="tablist">
          <button
            type="button"
            role="tab"
            className={styles.tab}
            aria-selected={tab === "html"}
            onClick={() => setTab("html")}
          >
            HTML
          </button>
          <button
            type="button"
            role="tab"
            className={styles.tab}
            aria-selected={tab === "text"}
            onClick={() => setTab("text")}
          >
            Plain text
          </button>
        </div>
      </div>
      {problem ? (
        <div className="alert alert-error" role="alert" data-testid="template-preview-error" style={{ margin: 16 }}>
          {problem}
        </div>
      ) : null}
      {lastGood ? (
        <div className={problem ? styles.stale : undefined}>
          <dl className={styles.envelope}>
            <dt>To</dt>
            <dd>{typeof contact.email === "string" ? contact.email : "—"}</dd>
            <dt>Subject</dt>
            <dd data-testid="template-preview-subject">{lastGood.subject}</dd>
          </dl>
          {tab === "html" ? (
            <iframe
              title="Email preview"
              className={styles.frame}
              sandbox=""
              srcDoc={lastGood.html}
              data-testid="template-preview-frame"
            />
          ) : (
            <pre className={styles.textPart}>{lastGood.text}</pre>
          )}
        </div>
      ) : null}
    </section>
  );
}
