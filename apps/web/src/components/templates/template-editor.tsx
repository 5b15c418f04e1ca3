"use client";
// Template editor: envelope (name, subject, preheader, from, reply-to, required variables) and
// the block document on the left; the live preview, its contact/sample picker and "Send test"
// on the right; save. A legacy plain-body template opens as one text block and is saved as blocks.
import type { AppRouter } from "@mailstream/api";
import { bodyToBlocks, type Block } from "@mailstream/emails/blocks";
import type { inferRouterOutputs } from "@trpc/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { BlockEditor } from "./block-editor";
import { useBlockProblems } from "./block-problems";
import { LinkProblems } from "./link-problems";
import { PreviewSourcePicker } from "./preview-source-picker";
import { Can } from "@/components/shell/permissions";
import { SendTestForm } from "./send-test-form";
import styles from "./template-editor.module.css";
import { TemplatePreview, type PreviewSource } from "./template-preview";
import { CannotOpenPage, LoadingPage } from "@/components/shell/page-states";
import { TextField } from "@/components/ui/form-field";
import { EditorPage } from "./editor-page";
import { placeIssues, type FieldIssue } from "./field-issues";

interface Draft {
  name: string;
  subject: string;
  preheader: string;
  fromAddress: string;
  replyTo: string;
  required: string;
  blocks: Block[];
}

/** From and reply-to: side by side, both falling back to the workspace's default. */
const SENDER_FIELDS = [
  { field: "fromAddress", id: "template-from", label: "From" },
  { field: "replyTo", id: "template-reply-to", label: "Reply-to" },
] as const;

/** The template as the server holds it (the router's answer, so the two cannot drift). */
type Saved = inferRouterOutputs<AppRouter>["templates"]["byId"];

function toDraft(saved: Saved): Draft {
  return {
    name: saved.name,
    subject: saved.subject,
    preheader: saved.preheader,
    fromAddress: saved.fromAddress ?? "",
    replyTo: saved.replyTo ?? "",
    required: saved.requiredVariables.join(", "),
    blocks: saved.blocks ?? bodyToBlocks(saved.body),
  };
}

function parseRequired(text: string): string[] {
  return text.split(/[,\s]+/).filter((v) => v !== "");
}

export function TemplateEditor({ templateId }: { templateId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const template = useQuery({
    ...trpc.templates.byId.queryOptions({ templateId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const partials = useQuery(trpc.templates.partials.list.queryOptions());
  const [draft, setDraft] = useState<Draft | null>(null);
  const [source, setSource] = useState<PreviewSource>({ context: { contact: {}, event: {} } });
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const { problems, onProblems, linkProblems, flaggedIds } = useBlockProblems(draft?.blocks);
  const [previewIssues, setPreviewIssues] = useState<readonly FieldIssue[]>([]);

  useEffect(() => {
    if (template.data && draft === null) setDraft(toDraft(template.data));
  }, [template.data, draft]);

  const save = useMutation(
    trpc.templates.update.mutationOptions({
      onSuccess: (saved) => {
        setSavedAt(new Date());
        queryClient.setQueryData(trpc.templates.byId.queryKey({ templateId }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
      },
    }),
  );

  const content = useMemo(
    () =>
      draft && {
        subject: draft.subject,
        preheader: draft.preheader,
        body: "",
        blocks: draft.blocks,
        requiredVariables: parseRequired(draft.required),
      },
    [draft],
  );

  if (template.isError)
    return (
      <CannotOpenPage backHref="/templates" backLabel="Templates" what="template" message={template.error.message} />
    );
  if (!draft || !template.data || !content) return <LoadingPage label="Loading template…" />;

  const saved = template.data;
  const isDirty = JSON.stringify(draft) !== JSON.stringify(toDraft(saved));
  // An edit may be the fix: the refused save's banner and marks go until the next save says otherwise.
  const edit = (next: Draft) => {
    setDraft(next);
    if (save.isError) save.reset();
  };
  const update = (field: Exclude<keyof Draft, "blocks">) => (value: string) => edit({ ...draft, [field]: value });
  const saveIssues = save.error?.data?.fieldIssues ?? [];
  const placed = placeIssues([...saveIssues, ...previewIssues], draft.blocks);
  // Checked here as on the server, so the field is marked while typing, not only after Save.
  const nameProblem = draft.name.trim() === "" ? "Give the template a name" : (placed.fields.name ?? null);
  const markedIds = new Set([...flaggedIds, ...placed.blocks.keys()]);
  const latestVersion = saved.versions[0];

  return (
    <EditorPage
      breadcrumb={
        <>
          <Link href="/templates">Templates</Link> / {saved.name}
        </>
      }
      title={draft.name || "Untitled template"}
      subtitle={
        <p className={styles.versions} data-testid="template-versions">
          {latestVersion
            ? `Published as version ${latestVersion.version} (${saved.versions.length} version${saved.versions.length === 1 ? "" : "s"}). Live journeys keep their version until re-published.`
            : "Not used by a published journey yet. Publishing a journey freezes a version of this template."}
        </p>
      }
      actions={
        <>
          <span className={styles.status} data-testid="template-save-status" role="status">
            {save.isPending ? "Saving…" : isDirty ? "Unsaved changes" : savedAt ? "All changes saved" : ""}
          </span>
          <Link className="btn" href={`/templates/${templateId}/metrics`} data-testid="template-metrics-link">
            Metrics
          </Link>
          <Can permission="templates:write">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="template-save"
              disabled={!isDirty || save.isPending || linkProblems.length > 0 || nameProblem !== null}
              onClick={() =>
                save.mutate({
                  templateId,
                  name: draft.name,
                  subject: draft.subject,
                  preheader: draft.preheader,
                  body: saved.body,
                  blocks: draft.blocks,
                  requiredVariables: parseRequired(draft.required),
                  fromAddress: draft.fromAddress,
                  replyTo: draft.replyTo,
                })
              }
            >
              Save
            </button>
          </Can>
        </>
      }
      saveError={save.error}
      notices={
        <>
          <LinkProblems problems={linkProblems} className={styles.alertSpaced} />
          {placed.blocks.size > 0 ? (
            <div
              className={`alert alert-error ${styles.alertSpaced}`}
              role="alert"
              data-testid="template-block-problems"
            >
              <strong>Fix these blocks:</strong>
              <ul>
                {[...placed.blocks].map(([id, message]) => (
                  <li key={id}>
                    Block “{id}”: {message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      }
      form={
        <>
          <h2 className={styles.sectionTitle}>Envelope</h2>
          <TextField
            id="template-name"
            label="Name"
            value={draft.name}
            maxLength={200}
            aria-invalid={nameProblem !== null}
            aria-describedby={nameProblem ? "template-name-error" : undefined}
            onValue={update("name")}
            hint={
              nameProblem ? (
                <span id="template-name-error" className={styles.fieldError} data-testid="template-name-error">
                  {nameProblem}
                </span>
              ) : undefined
            }
          />
          <TextField
            id="template-subject"
            label="Subject"
            aria-invalid={problems.field === "subject" || placed.fields.subject !== undefined}
            value={draft.subject}
            onValue={update("subject")}
            hint={
              <>A variable without {'| default: "…"'} in the subject is required: contacts without it are skipped.</>
            }
          />
          <TextField
            id="template-preheader"
            label="Preheader"
            aria-invalid={problems.field === "preheader"}
            value={draft.preheader}
            placeholder="Preview text shown after the subject in the inbox"
            onValue={update("preheader")}
          />
          <div className={`row ${styles.rowTop}`}>
            {SENDER_FIELDS.map((f) => (
              <TextField
                key={f.field}
                id={f.id}
                label={f.label}
                fieldClass={styles.grow}
                value={draft[f.field]}
                placeholder="Workspace default"
                onValue={update(f.field)}
              />
            ))}
          </div>
          <TextField
            id="template-required"
            label="Required variables"
            mono
            value={draft.required}
            placeholder="contact.first_name, event.properties.order_id"
            onValue={update("required")}
            hint="If one of these is empty for a contact, the send is skipped and the reason recorded."
          />
          <h2 className={styles.sectionTitle}>Blocks</h2>
          <BlockEditor
            blocks={draft.blocks}
            onChange={(blocks) => edit({ ...draft, blocks })}
            partials={partials.data ?? []}
            flaggedIds={markedIds}
          />
        </>
      }
      aside={
        <div className={`stack ${styles.stackWide}`}>
          <section className="card">
            <div className={styles.form}>
              <PreviewSourcePicker onChange={setSource} />
              <Can permission="sends:test">
                <SendTestForm
                  content={{ ...content, fromAddress: draft.fromAddress, replyTo: draft.replyTo }}
                  source={source}
                />
              </Can>
            </div>
          </section>
          <TemplatePreview
            content={content}
            source={source}
            onProblems={onProblems}
            onInputIssues={setPreviewIssues}
            hiddenLinks={linkProblems}
          />
        </div>
      }
    />
  );
}
