/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps the automatic JSX runtime when another package's tsconfig (e.g. tsx in temporal/) compiles this file.
// renderEmail: template + personalization context → subject, HTML and plain-text parts.
// Liquid runs first on plain strings; React builds the HTML, so contact data is always escaped.
import { render } from "@react-email/render";
import { BlockEmail } from "./block-email";
import { inlinePartials, type Block } from "./blocks";
import { EmailLayout } from "./email-layout";
import { renderLiquid, TemplateRenderError } from "./liquid";
import { buildLiquidScope, personalizeBody, toSingleLine, type RenderContext } from "./personalize";
import { assertRequiredVariables } from "./required";
import { resolveBlocks } from "./resolve-blocks";
import type { TemplateContent } from "./template";

export { buildLiquidScope, type RenderContext } from "./personalize";

export type RenderedEmail = { subject: string; html: string; text: string };

export type RenderEmailInput = {
  template: Pick<TemplateContent, "subject" | "body"> & {
    preheader?: string;
    blocks?: Block[] | null | undefined;
    requiredVariables?: string[] | undefined;
  };
  context: RenderContext;
  /** Blocks of the partials the template references (by partial id); a missing one is a render error. */
  partials?: ReadonlyMap<string, readonly Block[]> | undefined;
  /** The preference-page link for the footer (marketing emails); omitted in previews. */
  unsubscribeUrl?: string;
};

function inlineBlocks(blocks: Block[], partials: ReadonlyMap<string, readonly Block[]> | undefined): Block[] {
  try {
    return inlinePartials(blocks, partials ?? new Map());
  } catch (error) {
    throw new TemplateRenderError("body", error instanceof Error ? error.message : String(error));
  }
}

/**
 * Throws TemplateRenderError for a broken template and MissingVariableError (a subclass) when a
 * required value (listed, or printed without `| default:`) is empty for this contact — the send path records the latter as a skip.
 */
export async function renderEmail({
  template,
  context,
  unsubscribeUrl,
  partials,
}: RenderEmailInput): Promise<RenderedEmail> {
  const scope = buildLiquidScope(context);
  const blocks = template.blocks ? inlineBlocks(template.blocks, partials) : null;
  assertRequiredVariables(template.requiredVariables ?? [], { ...template, blocks }, scope);
  const subject = toSingleLine(renderLiquid(template.subject, scope, { field: "subject" }));
  if (subject === "")
    throw new TemplateRenderError(
      "subject",
      'Subject is empty after personalization; add a default, e.g. {{ first_name | default: "there" }}',
    );
  const preheader = toSingleLine(renderLiquid(template.preheader ?? "", scope, { field: "preheader" }));
  const element = blocks ? (
    <BlockEmail
      subject={subject}
      preheader={preheader}
      unsubscribeUrl={unsubscribeUrl}
      blocks={resolveBlocks(blocks, scope)}
    />
  ) : (
    <EmailLayout
      subject={subject}
      preheader={preheader}
      blocks={personalizeBody(template.body, scope)}
      unsubscribeUrl={unsubscribeUrl}
    />
  );
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
