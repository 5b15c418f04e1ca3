"use client";
// Template editor: envelope (name, subject, preheader, from, reply-to, required variables) and
// the block document on the left; the live preview, its contact/sample picker and "Send test"
// on the right; save. A legacy plain-body template opens as one text block and is saved as blocks.
import { bodyToBlocks, type Block } from "@mailstream/emails/blocks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { BlockEditor } from "./block-editor";
import { LinkProblems, useLinkProblems } from "./link-problems";
import { PreviewSourcePicker } from "./preview-source-picker";
import { Can } from "@/components/shell/permissions";
import { SendTestForm } from "./send-test-form";
import styles from "./template-editor.module.css";
import { TemplatePreview, type PreviewProblems, type PreviewSource } from "./template-preview";
import { CannotOpenPage, LoadingPage } from "@/components/shell/page-states";

interface Draft {
  name: string;
  subject: string;
  preheader: string;
  fromAddress: string;
  replyTo: string;
  required: string;
  blocks: Block[];
}

type Saved = {
  name: string;
  subject: string;
  preheader: string;
  body: string;
  blocks: Block[] | null;
  requiredVariables: string[];
  fromAddress: string | null;
  replyTo: string | null;
};

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
  const [problems, setProblems] = useState<PreviewProblems>({ field: null, blockIds: new Set() });
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const onProblems = useCallback((next: PreviewProblems) => setProblems(next), []);
  const linkProblems = useLinkProblems(draft?.blocks);
  const flaggedIds = useMemo(
    () => new Set([...problems.blockIds, ...linkProblems.flatMap((problem) => problem.blockId ?? [])]),
    [problems.blockIds, linkProblems],
  );

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
  const update = (field: Exclude<keyof Draft, "blocks">) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: event.target.value });
  const latestVersion = saved.versions[0];

  return (
    <div className={`page ${styles.page}`}>
      <div className="breadcrumb">
        <Link href="/templates">Templates</Link> / {saved.name}
      </div>
      <header className="page-header">
        <div>
          <h1>{draft.name || "Untitled template"}</h1>
          <p className={styles.versions} data-testid="template-versions">
            {latestVersion
              ? `Published as version ${latestVersion.version} (${saved.versions.length} version${saved.versions.length === 1 ? "" : "s"}). Live journeys keep their version until re-published.`
              : "Not used by a published journey yet. Publishing a journey freezes a version of this template."}
          </p>
        </div>
        <div className="row">
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
              disabled={!isDirty || save.isPending || linkProblems.length > 0}
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
        </div>
      </header>
      {save.error ? (
        <div className={`alert alert-error ${styles.alertSpaced}`} role="alert">
          {save.error.message}
        </div>
      ) : null}
      <LinkProblems problems={linkProblems} className={styles.alertSpaced} />

      <div className={styles.layout}>
        <section className="card">
          <div className={styles.form}>
            <h2 className={styles.sectionTitle}>Envelope</h2>
            <div className="field">
              <label htmlFor="template-name">Name</label>
              <input id="template-name" className="input" value={draft.name} onChange={update("name")} />
            </div>
            <div className="field">
              <label htmlFor="template-subject">Subject</label>
              <input
                id="template-subject"
                aria-invalid={problems.field === "subject"}
                className="input"
                value={draft.subject}
                onChange={update("subject")}
              />
              <span className="hint">
                A variable without {'| default: "…"'} in the subject is required: contacts without it are skipped.
              </span>
            </div>
            <div className="field">
              <label htmlFor="template-preheader">Preheader</label>
              <input
                id="template-preheader"
                aria-invalid={problems.field === "preheader"}
                className="input"
                value={draft.preheader}
                placeholder="Preview text shown after the subject in the inbox"
                onChange={update("preheader")}
              />
            </div>
            <div className={`row ${styles.rowTop}`}>
              <div className={`field ${styles.grow}`}>
                <label htmlFor="template-from">From</label>
                <input
                  id="template-from"
                  className="input"
                  value={draft.fromAddress}
                  placeholder="Workspace default"
                  onChange={update("fromAddress")}
                />
              </div>
              <div className={`field ${styles.grow}`}>
                <label htmlFor="template-reply-to">Reply-to</label>
                <input
                  id="template-reply-to"
                  className="input"
                  value={draft.replyTo}
                  placeholder="Workspace default"
                  onChange={update("replyTo")}
                />
              </div>
            </div>
            <div className="field">
              <label htmlFor="template-required">Required variables</label>
              <input
                id="template-required"
                className="input mono"
                value={draft.required}
                placeholder="contact.first_name, event.properties.order_id"
                onChange={update("required")}
              />
              <span className="hint">
                If one of these is empty for a contact, the send is skipped and the reason recorded.
              </span>
            </div>
            <h2 className={styles.sectionTitle}>Blocks</h2>
            <BlockEditor
              blocks={draft.blocks}
              onChange={(blocks) => setDraft({ ...draft, blocks })}
              partials={partials.data ?? []}
              flaggedIds={flaggedIds}
            />
          </div>
        </section>

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
          <TemplatePreview content={content} source={source} onProblems={onProblems} />
        </div>
      </div>
    </div>
  );
}
