// Which hosts a message's tracked links may lead to (the rule is in emails/links.ts): the hosts
// written literally in its template, the workspace's link-domain list and our own public host.
// The send path asks before it tracks a link; the click redirect asks again before it redirects,
// so a token signed before the rule existed, or for a domain since removed, leads nowhere.
import type { Db } from "@mailstream/db/client";
import type { TrackedMessage } from "@mailstream/db/queries/message-events";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { inlinePartials, type Block } from "@mailstream/emails/blocks";
import { findLiteralLinkHosts, type LinkHostPolicy } from "@mailstream/emails/links";
import { TemplateRenderError } from "@mailstream/emails/liquid";
import { loadTemplateForSend, type SendableTemplate } from "../templates/load-template";

type TemplateLinks = Pick<SendableTemplate, "body" | "blocks" | "partials">;

// A message whose run was deleted has no pin to find: the nil id makes the lookup fall back to the current template.
const NO_RUN = "00000000-0000-0000-0000-000000000000";

function inlined(template: TemplateLinks): Block[] | null {
  if (!template.blocks) return null;
  try {
    return inlinePartials(template.blocks, template.partials);
  } catch {
    return template.blocks; // a missing partial fails the render; its hosts approve nothing
  }
}

export function linkHostPolicy(
  template: TemplateLinks | null,
  linkDomains: readonly string[] | undefined,
  publicUrl: string,
): LinkHostPolicy {
  const literalHosts = template
    ? findLiteralLinkHosts({ body: template.body, blocks: inlined(template) })
    : new Set<string>();
  return linkHostPolicyFromHosts(literalHosts, linkDomains, publicUrl);
}

/** The same policy from hosts found earlier (a compiled template keeps its literal hosts). */
export function linkHostPolicyFromHosts(
  literalHosts: ReadonlySet<string>,
  linkDomains: readonly string[] | undefined,
  publicUrl: string,
): LinkHostPolicy {
  return { literalHosts, linkDomains: linkDomains ?? [], publicUrl };
}

/** The policy the message was sent under: its pinned template version (or current template) and today's list. */
export async function findMessageLinkPolicy(
  db: Db,
  message: Pick<TrackedMessage, "workspaceId" | "templateId" | "runId" | "nodeId">,
  publicUrl: string,
): Promise<LinkHostPolicy> {
  const [settings, template] = await Promise.all([
    findWorkspaceSettings(db, message.workspaceId),
    message.templateId
      ? loadTemplateForSend(db, {
          workspaceId: message.workspaceId,
          templateId: message.templateId,
          runId: message.runId ?? NO_RUN,
          nodeId: message.nodeId ?? "",
        }).catch((error: unknown) => {
          // A template that no longer parses approves no hosts; anything else (an outage) is not ours to hide.
          if (error instanceof TemplateRenderError) return null;
          throw error;
        })
      : null,
  ]);
  return linkHostPolicy(template, settings?.linkDomains, publicUrl);
}
