// The one place a broadcast turns its pinned template and a contact into subject, HTML and
// text: the journey send's renderer (emails/compiled), so a template version is compiled once
// per worker and each contact costs only its own Liquid — byte-identical to renderEmail — and its
// links are tracked as a journey send tracks them (send-render.ts, emailTracking).
import type { SendableTemplate } from "@mailstream/core/templates/load-template";
import { renderCompiled } from "@mailstream/emails/compiled";
import type { RenderContext, RenderedEmail } from "@mailstream/emails/render";
import type { buildTrackingUrls } from "@mailstream/emails/tracking/token";
import { createSendRenderer, emailTracking, type SendRenderer } from "./send-render";

export interface BroadcastRenderer {
  render(input: {
    workspaceId: string;
    template: SendableTemplate;
    context: RenderContext;
    unsubscribeUrl: string | null;
    /** Click and open tracking (the workspace tracks and a secret signs), as a journey send sets it up. */
    tracking: {
      urls: ReturnType<typeof buildTrackingUrls>;
      linkDomains: readonly string[] | undefined;
      publicUrl: string;
    } | null;
  }): Promise<RenderedEmail>;
}

export function createBroadcastRenderer(renderer: SendRenderer = createSendRenderer()): BroadcastRenderer {
  return {
    async render({ workspaceId, template, context, unsubscribeUrl, tracking }) {
      const prepared = await renderer.prepare(workspaceId, template);
      return renderCompiled(prepared.compiled, {
        context,
        unsubscribeUrl: unsubscribeUrl ?? undefined,
        tracking: tracking
          ? emailTracking(prepared, tracking.urls, tracking.linkDomains, tracking.publicUrl)
          : undefined,
      });
    },
  };
}
