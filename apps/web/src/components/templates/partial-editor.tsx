"use client";
// Partial editor: a name and blocks shared by templates (header, footer). Saving updates every
// template's preview at once; live journeys get it when they are published again.
import type { Block } from "@mailstream/emails/blocks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { BlockEditor } from "./block-editor";
import { useBlockProblems } from "./block-problems";
import { LinkProblems } from "./link-problems";
import styles from "./template-editor.module.css";
import { TemplatePreview, type PreviewSource } from "./template-preview";
import { CannotOpenPage, LoadingPage } from "@/components/shell/page-states";
import { TextField } from "@/components/ui/form-field";
import { EditorPage } from "./editor-page";

const SAMPLE: PreviewSource = { context: { contact: { first_name: "Ada", email: "ada@example.test" }, event: {} } };

export function PartialEditor({ partialId }: { partialId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const partial = useQuery({
    ...trpc.templates.partials.byId.queryOptions({ partialId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [draft, setDraft] = useState<{ name: string; blocks: Block[] } | null>(null);
  const { onProblems, linkProblems, flaggedIds } = useBlockProblems(draft?.blocks);
  useEffect(() => {
    if (partial.data && draft === null) setDraft({ name: partial.data.name, blocks: partial.data.blocks });
  }, [partial.data, draft]);
  const save = useMutation(
    trpc.templates.partials.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.templates.partials.byId.queryKey({ partialId }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.templates.partials.list.queryKey() });
      },
    }),
  );
  const content = useMemo(
    () => ({ subject: "Partial preview", preheader: "", body: "", blocks: draft?.blocks ?? [] }),
    [draft?.blocks],
  );

  if (partial.isError)
    return (
      <CannotOpenPage backHref="/templates" backLabel="Templates" what="partial" message={partial.error.message} />
    );
  if (!draft || !partial.data) return <LoadingPage label="Loading partial…" />;
  const isDirty =
    draft.name !== partial.data.name || JSON.stringify(draft.blocks) !== JSON.stringify(partial.data.blocks);

  return (
    <EditorPage
      breadcrumb={
        <>
          <Link href="/templates">Templates</Link> / Partials / {partial.data.name}
        </>
      }
      title={draft.name || "Untitled partial"}
      subtitle={
        <p className={styles.versions}>
          Shared blocks. Templates show edits at once; live journeys get them when published again.
        </p>
      }
      actions={
        <>
          <span className={styles.status} role="status">
            {save.isPending ? "Saving…" : isDirty ? "Unsaved changes" : ""}
          </span>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="partial-save"
            disabled={!isDirty || save.isPending || linkProblems.length > 0}
            onClick={() => save.mutate({ partialId, ...draft })}
          >
            Save
          </button>
        </>
      }
      saveError={save.error}
      notices={<LinkProblems problems={linkProblems} className={styles.alertSpaced} />}
      form={
        <>
          <TextField
            id="partial-name"
            label="Name"
            value={draft.name}
            onValue={(name) => setDraft({ ...draft, name })}
          />
          <BlockEditor
            blocks={draft.blocks}
            onChange={(blocks) => setDraft({ ...draft, blocks })}
            partials={[]}
            flaggedIds={flaggedIds}
            allowPartials={false}
          />
        </>
      }
      aside={<TemplatePreview content={content} source={SAMPLE} onProblems={onProblems} />}
    />
  );
}
