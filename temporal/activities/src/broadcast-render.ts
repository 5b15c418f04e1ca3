// The one place a broadcast turns its pinned template and a contact into subject, HTML and
// text. Today it calls the journey send's renderer (react-email + Liquid) per contact; when
// compiled templates land (`@mailstream/emails` compile/renderCompiled), this adapter compiles
// a version once and renders only the Liquid per contact — nothing else in the send changes.
import type { SendableTemplate } from "@mailstream/core/templates/load-template";
import { renderEmail, type RenderContext, type RenderedEmail } from "@mailstream/emails/render";

export interface BroadcastRenderer {
  render(input: {
    template: SendableTemplate;
    context: RenderContext;
    unsubscribeUrl: string | null;
  }): Promise<RenderedEmail>;
}

export function createBroadcastRenderer(): BroadcastRenderer {
  return {
    render: ({ template, context, unsubscribeUrl }) =>
      renderEmail({
        template,
        partials: template.partials,
        context,
        ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
      }),
  };
}
