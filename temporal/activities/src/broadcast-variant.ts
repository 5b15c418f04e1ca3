// A staggered A/B variant's overrides on its pinned template: the subject (Liquid, rendered with
// the body) and the sender's display name. The compiled form is cached by version id, so a
// variant that changes the subject gets its own key — two variants of one version never share it.
import type { SendableTemplate } from "@mailstream/core/templates/load-template";
import type { BroadcastVariantRow } from "@mailstream/db/queries/broadcasts";

export { withSenderName } from "@mailstream/core/broadcasts/broadcast-variants";

export function applyVariant(template: SendableTemplate, variant: BroadcastVariantRow): SendableTemplate {
  if (variant.subject === null) return template;
  return { ...template, subject: variant.subject, versionId: `${template.versionId ?? "draft"}:variant:${variant.id}` };
}
