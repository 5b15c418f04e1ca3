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
  }): Promise<RenderedEmail & { literalHosts: ReadonlySet<string> }>;
}

export function createBroadcastRenderer(renderer: SendRenderer = createSendRenderer()): BroadcastRenderer {
  return {
    async render({ workspaceId, template, context, unsubscribeUrl }) {
      const prepared = await renderer.prepare(workspaceId, template);
      const rendered = renderCompiled(prepared.compiled, { context, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) });
      // The template's literal link hosts, found once at compile time (the tracked-link rule reads them).
      return { ...rendered, literalHosts: prepared.literalHosts };
    },
  };
}
