"use client";
// Template editor: name, subject, preheader, body and a sample contact on the left; the
// live preview (template-preview.tsx) on the right; save.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "../../trpc/client";
import styles from "./template-editor.module.css";
import { TemplatePreview, type TemplateField } from "./template-preview";

const SAMPLE_CONTACT = JSON.stringify(
  { userId: "user-123", email: "ada@example.test", first_name: "Ada", plan: "pro" },
  null,
  2,
);

interface Draft {
  name: string;
  subject: string;
  preheader: string;
  body: string;
}

function parseSample(json: string): { contact: Record<string, unknown> } | { error: string } {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return { error: "The sample contact must be a JSON object." };
    return { contact: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Sample contact is not valid JSON: ${(error as Error).message}` };
  }
}

export function TemplateEditor({ templateId }: { templateId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const template = useQuery({
    ...trpc.templates.byId.queryOptions({ templateId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [sampleJson, setSampleJson] = useState(SAMPLE_CONTACT);
  const [brokenField, setBrokenField] = useState<TemplateField | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  useEffect(() => {
    if (template.data && draft === null) {
      const { name, subject, preheader, body } = template.data;
      setDraft({ name, subject, preheader, body });
    }
  }, [template.data, draft]);

  const sample = useMemo(() => parseSample(sampleJson), [sampleJson]);
  const [lastGoodContact, setLastGoodContact] = useState<Record<string, unknown>>({});
  useEffect(() => {
    if ("contact" in sample) setLastGoodContact(sample.contact);
  }, [sample]);

  const save = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: (saved) => {
        setSavedAt(new Date());
        queryClient.setQueryData(trpc.templates.byId.queryKey({ templateId }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
      },
    }),
  );

  if (template.isError) {
    return (
      <div className="page">
        <div className="breadcrumb">
          <Link href="/templates">Templates</Link>
        </div>
        <h1>Cannot open this template</h1>
        <p className="muted">{template.error.message}</p>
      </div>
    );
  }
  if (!draft || !template.data) {
    return (
      <div className="page" aria-busy="true">
        <p className="muted">Loading template…</p>
      </div>
    );
  }

  const saved = template.data;
  const isDirty =
    draft.name !== saved.name ||
    draft.subject !== saved.subject ||
    draft.preheader !== saved.preheader ||
    draft.body !== saved.body;
  const update = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: event.target.value });

  return (
    <div className="page" style={{ maxWidth: 1320 }}>
      <div className="breadcrumb">
        <Link href="/templates">Templates</Link> / {saved.name}
      </div>
      <header className="page-header">
        <h1>{draft.name || "Untitled template"}</h1>
        <div className="row">
          <span className={styles.status} data-testid="template-save-status" role="status">
            {save.isPending ? "Saving…" : isDirty ? "Unsaved changes" : savedAt ? "All changes saved" : ""}
          </span>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="template-save"
            disabled={!isDirty || save.isPending}
            onClick={() => save.mutate({ templateId, ...draft })}
          >
            Save
          </button>
        </div>
      </header>
      {save.error ? (
        <div className="alert alert-error" role="alert" style={{ marginBottom: 16 }}>
          {save.error.message}
        </div>
      ) : null}

      <div className={styles.layout}>
        <section className="card">
          <div className={styles.form}>
            <div className="field">
              <label htmlFor="template-name">Name</label>
              <input id="template-name" className="input" value={draft.name} onChange={update("name")} />
            </div>
            <div className="field">
              <label htmlFor="template-subject">Subject</label>
              <input
                id="template-subject"
                aria-invalid={brokenField === "subject"}
                className="input"
                value={draft.subject}
                onChange={update("subject")}
              />
            </div>
            <div className="field">
              <label htmlFor="template-preheader">Preheader</label>
              <input
                id="template-preheader"
                aria-invalid={brokenField === "preheader"}
                className="input"
                value={draft.preheader}
                placeholder="Preview text shown after the subject in the inbox"
                onChange={update("preheader")}
              />
            </div>
            <div className="field">
              <label htmlFor="template-body">Body</label>
              <textarea
                id="template-body"
                aria-invalid={brokenField === "body"}
                className="textarea"
                rows={12}
                value={draft.body}
                onChange={update("body")}
              />
              <div className={styles.hintBox}>
                Blank lines separate paragraphs. A line like <code>[Get started](https://…)</code> becomes a button.
                Personalize with Liquid: <code>{'{{ first_name | default: "there" }}'}</code>,{" "}
                <code>{"{{ contact.email }}"}</code>, <code>{"{{ event.properties.plan }}"}</code>.
              </div>
            </div>
            <div className="field">
              <label htmlFor="template-sample">Sample contact (JSON)</label>
              <textarea
                id="template-sample"
                className="textarea code"
                rows={6}
                value={sampleJson}
                onChange={(e) => setSampleJson(e.target.value)}
              />
              {"error" in sample ? (
                <span className="hint" style={{ color: "var(--danger)" }}>
                  {sample.error}
                </span>
              ) : (
                <span className="hint">
                  Used only for the preview; traits are readable as {"{{ name }}"} or {"{{ contact.name }}"}.
                </span>
              )}
            </div>
          </div>
        </section>

        <TemplatePreview
          content={{ subject: draft.subject, preheader: draft.preheader, body: draft.body }}
          contact={lastGoodContact}
          onBrokenField={setBrokenField}
        />
      </div>
    </div>
  );
}
