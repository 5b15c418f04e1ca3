// Rendering for the send activity: each template is compiled once (emails/compiled) and each
// send renders only its contact's Liquid. Compiled forms are kept by template version id (a
// version never changes); a run without a pin renders the current template, kept by a hash of
// its content so an edit compiles afresh. Both caches are bounded and live as long as the worker.
import { createHash } from "node:crypto";
import type { SendableTemplate, TemplateVersionCache } from "@mailstream/core/templates/load-template";
import { compileTemplate, type CompiledTemplate } from "@mailstream/emails/compiled";
import { ImmutableCache } from "@mailstream/emails/immutable-cache";
import { isApprovedLinkHost } from "@mailstream/emails/links";
import type { EmailTracking } from "@mailstream/emails/tracking/rewrite";
import type { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import { linkHostPolicyFromHosts } from "@mailstream/core/tracking/link-hosts";

export type PreparedTemplate = {
  compiled: CompiledTemplate;
  /** Hosts written literally in the template: the tracked-link rule (emails/links.ts) reads them per send. */
  literalHosts: ReadonlySet<string>;
};

export type SendRenderer = {
  /** Template versions read from the database, for loadTemplateForSend. */
  versions: TemplateVersionCache;
  /** The compiled form of `template`; throws TemplateRenderError as renderEmail would (a missing partial). */
  prepare(workspaceId: string, template: SendableTemplate): Promise<PreparedTemplate>;
};

function draftKey(template: SendableTemplate): string {
  const { subject, preheader, body, blocks, requiredVariables, partials } = template;
  const content = JSON.stringify([subject, preheader, body, blocks, requiredVariables, [...partials]]);
  return `draft:${template.templateId}:${createHash("sha256").update(content).digest("base64url")}`;
}

// The caches are bounded by count, and an entry is kept only under a size: a template may hold
// 200 blocks of 20,000 characters, and a worker must not hold hundreds of those. A larger one
// is loaded and compiled per send, like every template was before.
const MAX_KEPT_CHARACTERS = 256_000;
const contentSize = (template: SendableTemplate | null) =>
  template ? template.body.length + JSON.stringify(template.blocks ?? []).length : 0;

export function createSendRenderer(capacity = 200): SendRenderer {
  const versions = new ImmutableCache<SendableTemplate | null>(
    capacity,
    (template) => contentSize(template) <= MAX_KEPT_CHARACTERS,
  );
  // Stencils are a few kilobytes whatever the template; its blocks are what grows.
  const prepared = new ImmutableCache<PreparedTemplate>(
    capacity,
    ({ compiled }) => compiled.body.length + JSON.stringify(compiled.blocks ?? []).length <= MAX_KEPT_CHARACTERS,
  );
  return {
    versions,
    prepare(workspaceId, template) {
      const key = `${workspaceId}:${template.versionId ?? draftKey(template)}`;
      return prepared.get(key, async () => {
        const compiled = await compileTemplate(template);
        return { compiled, literalHosts: new Set(compiled.literalLinkHosts) };
      });
    },
  };
}

/**
 * Click and open tracking of one email (journey send or broadcast), for renderCompiled: its signed
 * URLs, the unsubscribe link left as it is, and a link tracked only on an approved host
 * (emails/links.ts: the template's literal hosts, the workspace's link domains, our own).
 */
export function emailTracking(
  prepared: PreparedTemplate,
  urls: ReturnType<typeof buildTrackingUrls>,
  linkDomains: readonly string[] | undefined,
  publicUrl: string,
): EmailTracking {
  const policy = linkHostPolicyFromHosts(prepared.literalHosts, linkDomains, publicUrl);
  return {
    trackUrl: urls.click,
    skipPrefix: urls.unsubscribe,
    isTrackable: (url) => isApprovedLinkHost(url, policy),
    pixelUrl: urls.open,
  };
}
