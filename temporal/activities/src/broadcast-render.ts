// The one place a broadcast turns its pinned template and a contact into subject, HTML and
// text: the journey send's renderer (emails/compiled), so a template version is compiled once
// per worker and each contact costs only its own Liquid — byte-identical to renderEmail.
import type { SendableTemplate } from "@mailstream/core/templates/load-template";
import { renderCompiled } from "@mailstream/emails/compiled";
import type { RenderContext, RenderedEmail } from "@mailstream/emails/render";
import { createSendRenderer, type SendRenderer } from "./send-render";

export interface BroadcastRenderer {
  render(input: {
    workspaceId: string;
    template: SendableTemplate;
    context: RenderContext;
    unsubscribeUrl: string | null;
  }): Promise<RenderedEmail>;
}

export function createBroadcastRenderer(renderer: SendRenderer = createSendRenderer()): BroadcastRenderer {
  return {
    async render({ workspaceId, template, context, unsubscribeUrl }) {
      const prepared = await renderer.prepare(workspaceId, template);
      return renderCompiled(prepared.compiled, { context, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) });
    },
  };
}
