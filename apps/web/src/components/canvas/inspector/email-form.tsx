"use client";
// Inspector form for an email step: which template it sends.
import Link from "next/link";
import { useId } from "react";
import { PinnedVersionNote } from "@/components/templates/pinned-version-note";
import { EmailTopicFields } from "@/components/canvas/inspector/fields/email-topic-fields";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";

interface EmailFormProps {
  data: NodeDataOf<"email">;
  onChange: (data: NodeDataOf<"email">) => void;
}

const NO_TEMPLATES: readonly never[] = [];

export function EmailForm({ data, onChange }: EmailFormProps) {
  // Undefined until `templates.list` has answered; the select waits for it.
  const loaded = useCanvasStore((s) => s.templates);
  const templates = loaded ?? NO_TEMPLATES;
  const isLoadingTemplates = loaded === undefined;
  const id = useId();
  const selected = templates.find((t) => t.id === data.templateId);
  const isMissing = data.templateId !== null && !selected && !isLoadingTemplates;
  return (
    <div className={jc.form}>
      <div className={jc.field}>
        <label htmlFor={`${id}-template`}>Template</label>
        <select
          id={`${id}-template`}
          className={`nodrag ${jc.input}`}
          value={data.templateId ?? ""}
          disabled={isLoadingTemplates}
          onChange={(e) => onChange({ ...data, templateId: e.target.value === "" ? null : e.target.value })}
        >
          <option value="">{isLoadingTemplates ? "Loading templates…" : "Choose a template…"}</option>
          {isMissing && <option value={data.templateId ?? ""}>Missing template</option>}
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        {selected?.subject && <p className={jc.help}>Subject: {selected.subject}</p>}
        {selected && <PinnedVersionNote templateId={selected.id} />}
      </div>
      <EmailTopicFields data={data} onChange={onChange} />
      <div className={jc.links}>
        {selected && (
          <Link className={jc.link} href={`/templates/${selected.id}`} target="_blank">
            Edit template ↗
          </Link>
        )}
        <Link className={jc.link} href="/templates" target="_blank">
          All templates ↗
        </Link>
      </div>
    </div>
  );
}
