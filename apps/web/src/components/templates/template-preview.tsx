"use client";
// The template editor's preview pane: renders the unsaved content server-side (react-email +
// Liquid) once typing pauses, as sample JSON or as a real contact, at desktop or mobile width.
// A Liquid error is shown above the last good render, dimmed, so the preview never flashes
// empty while you type; unknown variables and outputs without a default (whose missing value
// skips a contact's send) are listed under it.
import type { TemplateContent } from "@mailstream/emails/template";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { EmailFrame } from "@/components/ui/email-frame";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import styles from "./template-editor.module.css";
import type { FieldIssue } from "./field-issues";

type TemplateField = "subject" | "preheader" | "body";
export type PreviewSource =
  { contactId: string } | { context: { contact: Record<string, unknown>; event: Record<string, unknown> } };
export type PreviewProblems = { field: TemplateField | null; blockIds: Set<string> };

interface Props {
  content: TemplateContent;
  source: PreviewSource;
  /** Link problems of the draft (link-problems.tsx): a button or image with a refused link is left out of the render, so the preview says so. */
  hiddenLinks?: readonly { blockId: string | null; message: string }[];
  /** Which field / blocks have problems (errors or unknown variables). */
  onProblems: (problems: PreviewProblems) => void;
  /** The fields the server refused the unsaved content for (`content.blocks.2.url`), or none. */
  onInputIssues?: (issues: readonly FieldIssue[]) => void;
}

/** Preview widths; the pixel sizes live in template-editor.module.css (`.frame[data-width]`). */
type PreviewWidth = "desktop" | "mobile";

export function TemplatePreview({ content, source, onProblems, onInputIssues, hiddenLinks = [] }: Props) {
  const trpc = useTRPC();
  const [tab, setTab] = useState<"html" | "text">("html");
  const [width, setWidth] = useState<PreviewWidth>("desktop");
  // Memoised on the serialized values: a fresh object every render would restart the debounce forever.
  const key = JSON.stringify({ content, source });
  const latest = useMemo(() => {
    const parsed = JSON.parse(key) as { content: TemplateContent; source: PreviewSource };
    return "contactId" in parsed.source
      ? { content: parsed.content, contactId: parsed.source.contactId }
      : { content: parsed.content, context: { ...parsed.source.context, journey: { id: "preview", name: "Preview" } } };
  }, [key]);
  const input = useDebouncedValue(latest, 300);
  const preview = useQuery({ ...trpc.templates.preview.queryOptions(input), placeholderData: keepPreviousData });
  const result = preview.data;
  const [lastGood, setLastGood] = useState<Extract<typeof result, { ok: true }> | null>(null);

  useEffect(() => {
    if (result?.ok) setLastGood(result);
    const blockIds = new Set(result?.unknownVariables.flatMap((u) => (u.blockId ? [u.blockId] : [])) ?? []);
    if (result && !result.ok && result.blockId) blockIds.add(result.blockId);
    onProblems({ field: result && !result.ok ? result.field : null, blockIds });
  }, [result, onProblems]);

  // Input validation fails the query itself (in words, with field paths: the editor marks the
  // block); Liquid errors and missing values come back as data.
  const problem = preview.error?.message ?? (result && !result.ok ? result.message : null);
  const inputIssues = preview.error?.data?.fieldIssues ?? null;
  useEffect(() => onInputIssues?.(inputIssues ?? []), [inputIssues, onInputIssues]);
  const isSkip = result && !result.ok && result.message.startsWith("missing required variable");
  return (
    <section className={`card ${styles.previewCard}`} aria-label="Preview">
      <div className="card-header">
        <h2>Preview</h2>
        <div className={styles.tabs} role="tablist" aria-label="Width">
          {(["desktop", "mobile"] as const).map((w) => (
            <button
              key={w}
              type="button"
              role="tab"
              className={styles.tab}
              aria-selected={width === w}
              onClick={() => setWidth(w)}
            >
              {w === "desktop" ? "Desktop" : "Mobile"}
            </button>
          ))}
        </div>
        <div className={styles.tabs} role="tablist" aria-label="Part">
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
        <div className={`alert alert-error ${styles.previewError}`} role="alert" data-testid="template-preview-error">
          {isSkip ? `This contact would be skipped: ${problem}.` : problem}
        </div>
      ) : null}
      {hiddenLinks.length > 0 ? (
        <ul className={`${styles.warnings} ${styles.hiddenLinks}`} data-testid="template-preview-hidden" role="status">
          {hiddenLinks.map((link) => (
            <li key={`${link.blockId ?? "body"}:${link.message}`}>
              <strong>Not shown below until fixed:</strong> {link.message}
            </li>
          ))}
        </ul>
      ) : null}
      {result && result.unknownVariables.length > 0 ? (
        <ul className={styles.warnings} data-testid="template-unknown-variables">
          {result.unknownVariables.map((u) => (
            <li key={`${u.blockId ?? u.field}:${u.path}`}>
              <code>{u.path}</code> — {u.reason}
              {u.blockId ? ` (block ${u.blockId})` : ` (${u.field})`}
            </li>
          ))}
        </ul>
      ) : null}
      {result && result.outputsWithoutDefault.length > 0 ? (
        <ul className={styles.warnings} data-testid="template-missing-defaults">
          {result.outputsWithoutDefault.map((o) => (
            <li key={`${o.blockId ?? o.field}:${o.path}`}>
              Contacts without <code>{o.path}</code> will be skipped — add <code>| default: …</code>
              {o.blockId ? ` (block ${o.blockId})` : ` (${o.field})`}
            </li>
          ))}
        </ul>
      ) : null}
      {lastGood ? (
        <div className={problem ? styles.stale : undefined}>
          <dl className={styles.envelope}>
            <dt>To</dt>
            <dd data-testid="template-preview-to">{lastGood.contactLabel ?? (readEmail(source) || "—")}</dd>
            <dt>Subject</dt>
            <dd data-testid="template-preview-subject">{lastGood.subject}</dd>
          </dl>
          {tab === "html" ? (
            <div className={styles.frameWrap}>
              <EmailFrame
                title="Email preview"
                className={styles.frame}
                html={lastGood.html}
                testId="template-preview-frame"
                width={width}
              />
            </div>
          ) : (
            <pre className={styles.textPart} data-testid="template-preview-text">
              {lastGood.text}
            </pre>
          )}
        </div>
      ) : null}
    </section>
  );
}

function readEmail(source: PreviewSource): string {
  if ("contactId" in source) return "";
  const email = source.context.contact.email;
  return typeof email === "string" ? email : "";
}
