// renderCompiled: a compiled template (compile.tsx) + one contact → subject, HTML and text,
// byte-identical to renderEmail for the same input. Per send this runs the Liquid of each
// field and fills stencils; React does not run. Errors are renderEmail's, in its order:
// MissingVariableError for a value the contact lacks, TemplateRenderError for a broken template.
import { toPlainTextFast } from "./plain-text";
import { evaluateLiquidCondition, renderLiquid, TemplateRenderError } from "../liquid";
import { buildLiquidScope, personalizeBody, toSingleLine, type RenderContext } from "../personalize";
import { assertRequiredVariables } from "../required";
import { inBlock, repeatScopes, resolveBlock } from "../resolve-blocks";
import { rewritePlacedLinks, trackWholeHtml, type EmailTracking } from "../tracking/rewrite";
import { writeAround, writeBodyBlocks, writeMade, writeResolvedBlocks, type HtmlSink } from "./emit";
import { escapeLikeReact as esc, type Stencil } from "./stencil";
import type { CompiledNode, CompiledTemplate } from "./types";

export type RenderCompiledInput = {
  context: RenderContext;
  /** The preference-page link for the footer (marketing emails); omitted in previews. */
  unsubscribeUrl?: string | undefined;
  /** Click and open tracking of the HTML (the text part keeps the links as written). */
  tracking?: EmailTracking | undefined;
};

type Scope = Record<string, unknown>;

const PREVIEW_MAX_LENGTH = 150;

// Walks the program the way resolveBlocks walks blocks (same order, same error naming).
function writeNodes(sink: HtmlSink, nodes: readonly CompiledNode[], scope: Scope, compiled: CompiledTemplate): void {
  for (const node of nodes) writeNode(sink, node, scope, compiled);
}

function writeNode(sink: HtmlSink, node: CompiledNode, scope: Scope, compiled: CompiledTemplate): void {
  switch (node.kind) {
    case "html":
      return writeMade(sink, node.html, node.hrefs);
    case "leaf":
      return writeResolvedBlocks(
        sink,
        inBlock(node.block, () => resolveBlock(node.block, scope)),
        compiled,
      );
    case "conditional":
      return inBlock(node.block, () => {
        if (evaluateLiquidCondition(node.block.condition, scope)) writeNodes(sink, node.children, scope, compiled);
      });
    case "repeat":
      return inBlock(node.block, () => {
        for (const itemScope of repeatScopes(node.block, scope)) writeNodes(sink, node.children, itemScope, compiled);
      });
    case "columns":
      // The columns stencil's holes are in column order (compileTemplate checks): Liquid runs column by column.
      return inBlock(node.block, () =>
        writeAround(sink, compiled.stencils[`columns:${node.columns.length}`] as Stencil, (index) =>
          writeNodes(sink, node.columns[index] as CompiledNode[], scope, compiled),
        ),
      );
  }
}

/** react-email's Preview: the text cut to 150 UTF-16 units, padded with invisible characters. */
function previewHtml(preheader: string, pad: string): string {
  const text = preheader.substring(0, PREVIEW_MAX_LENGTH);
  const padding = text.length < PREVIEW_MAX_LENGTH ? `<div>${pad.repeat(PREVIEW_MAX_LENGTH - text.length)}</div>` : "";
  return esc(text) + padding;
}

// React writes its output through a UTF-8 encoder, which turns a lone surrogate (e.g. an emoji
// the 150-character preview cut in half) into U+FFFD; the compiled output must do the same.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// String.prototype.isWellFormed (Node 20+; newer than the ES2023 lib these packages compile against).
const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

export function renderCompiled(
  compiled: CompiledTemplate,
  { context, unsubscribeUrl, tracking }: RenderCompiledInput,
): { subject: string; html: string; text: string } {
  const scope = buildLiquidScope(context);
  assertRequiredVariables(compiled.requiredVariables, compiled, scope);
  const subject = toSingleLine(renderLiquid(compiled.subject, scope, { field: "subject" }));
  if (subject === "")
    throw new TemplateRenderError(
      "subject",
      'Subject is empty after personalization; add a default, e.g. {{ first_name | default: "there" }}',
    );
  const preheader = toSingleLine(renderLiquid(compiled.preheader, scope, { field: "preheader" }));

  const { frame } = compiled;
  const stencil =
    preheader !== ""
      ? unsubscribeUrl
        ? frame.withBoth
        : frame.withPreheader
      : unsubscribeUrl
        ? frame.withUnsubscribe
        : frame.plain;
  const sink: HtmlSink = { html: "", hrefs: tracking && compiled.linksPlaced ? [] : null };
  // The body is written in its place in the frame, after the subject's and preheader's Liquid (as renderEmail fails first on those).
  writeAround(sink, stencil, (index) => {
    if (index === 0) sink.html += esc(subject);
    else if (index === 2) sink.html += unsubscribeUrl ? esc(unsubscribeUrl) : "";
    else if (index === 3) sink.html += previewHtml(preheader, (stencil as typeof frame.withBoth).previewPad);
    else if (compiled.program) writeNodes(sink, compiled.program, scope, compiled);
    else writeBodyBlocks(sink, personalizeBody(compiled.body, scope), compiled.inline);
  });
  let html = sink.html;
  // One character for one: the places of the hrefs still hold.
  if (!isWellFormed(html)) html = html.replace(LONE_SURROGATE, "\uFFFD");
  // The text part keeps the links as written.
  const text = toPlainTextFast(html);
  return { subject, html: tracking ? trackEmail(html, sink.hrefs, stencil, tracking) : html, text };
}

/** Click tracking and the open pixel: swapped at the known places, or (where they are not known) read from the HTML. */
function trackEmail(html: string, hrefs: number[] | null, frame: Stencil, tracking: EmailTracking): string {
  const closing = frame.closingBody;
  if (hrefs !== null && closing !== null) {
    // Noted hrefs mean the template's links are placed, so the frame's `</body>` is in its last part.
    const pixelAt = html.length - ((frame.parts[closing.part] as string).length - closing.at);
    const tracked = rewritePlacedLinks(html, hrefs, pixelAt, tracking);
    if (tracked !== null) return tracked;
  }
  return trackWholeHtml(html, tracking);
}
