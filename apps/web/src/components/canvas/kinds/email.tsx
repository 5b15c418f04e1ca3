// The email step on the canvas: names its template, and shows the subject on the card.
import { EmailForm } from "@/components/canvas/inspector/email-form";
import jc from "@/components/canvas/journey-editor.module.css";
import { defineCanvasKind, type NodeDataOf, type TemplateOption } from "./canvas-kind";

function EmailSubject({
  data,
  templates,
}: {
  data: NodeDataOf<"email">;
  templates: ReadonlyMap<string, TemplateOption>;
}) {
  const subject = data.templateId ? templates.get(data.templateId)?.subject : undefined;
  if (!subject) return null;
  return (
    <span className={jc.nodeDetail} title={subject}>
      Subject: {subject}
    </span>
  );
}

export const emailCanvasKind = defineCanvasKind({
  kind: "email",
  description: "Send a template",
  color: "#2563eb",
  icon: ["M3 6h18v12H3z", "m3 7 9 6 9-6"],
  createData: () => ({ kind: "email", templateId: null }),
  summarize: (data, templates) => {
    if (data.templateId === null) return "Choose a template";
    const template = templates.get(data.templateId);
    return template ? `Send "${template.name}"` : "Send (template not found)";
  },
  Detail: EmailSubject,
  Form: EmailForm,
});
