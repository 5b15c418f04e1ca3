// renderCompiled: a compiled template (compile.tsx) + one contact → subject, HTML and text,
// byte-identical to renderEmail for the same input. Per send this runs the Liquid of each
// field and fills stencils; React does not run. Errors are renderEmail's, in its order:
// MissingVariableError for a value the contact lacks, TemplateRenderError for a broken template.
import { toPlainTextFast } from "./plain-text";
import { evaluateLiquidCondition, renderLiquid, TemplateRenderError } from "../liquid";
import { buildLiquidScope, personalizeBody, toSingleLine, type RenderContext } from "../personalize";
import { assertRequiredVariables } from "../required";
import { inBlock, repeatScopes, resolveBlock } from "../resolve-blocks";
import { emitBodyBlocks, emitResolvedBlocks } from "./emit";
import { escapeLikeReact as esc, fillStencil } from "./stencil";
import type { CompiledNode, CompiledTemplate } from "./types";

export type RenderCompiledInput = {
  context: RenderContext;
  /** The preference-page link for the footer (marketing emails); omitted in previews. */
  unsubscribeUrl?: string | undefined;
};

type Scope = Record<string, unknown>;

const PREVIEW_MAX_LENGTH = 150;

// Walks the program the way resolveBlocks walks blocks (same order, same error naming).
function emitNodes(nodes: readonly CompiledNode[], scope: Scope, compiled: CompiledTemplate): string {
  let html = "";
  for (const node of nodes) html += emitNode(node, scope, compiled);
  return html;
}

function emitNode(node: CompiledNode, scope: Scope, compiled: CompiledTemplate): string {
  switch (node.kind) {
    case "html":
      return node.html;
    case "leaf":
      return emitResolvedBlocks(
        inBlock(node.block, () => resolveBlock(node.block, scope)),
        compiled,
      );
    case "conditional":
      return inBlock(node.block, () =>
        evaluateLiquidCondition(node.block.condition, scope) ? emitNodes(node.children, scope, compiled) : "",
      );
    case "repeat":
      return inBlock(node.block, () =>
        repeatScopes(node.block, scope)
          .map((itemScope) => emitNodes(node.children, itemScope, compiled))
          .join(""),
      );
    case "columns":
      return inBlock(node.block, () =>
        fillStencil(
          compiled.stencils[`columns:${node.columns.length}`] as never,
          node.columns.map((column) => emitNodes(column, scope, compiled)),
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
  { context, unsubscribeUrl }: RenderCompiledInput,
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
  const body = compiled.program
    ? emitNodes(compiled.program, scope, compiled)
    : emitBodyBlocks(personalizeBody(compiled.body, scope), compiled.inline);

  const { frame } = compiled;
  const values = [esc(subject), body, unsubscribeUrl ? esc(unsubscribeUrl) : ""];
  let html: string;
  if (preheader !== "") {
    const stencil = unsubscribeUrl ? frame.withBoth : frame.withPreheader;
    html = fillStencil(stencil, [...values, previewHtml(preheader, stencil.previewPad)]);
  } else {
    html = fillStencil(unsubscribeUrl ? frame.withUnsubscribe : frame.plain, values);
  }
  if (!isWellFormed(html)) html = html.replace(LONE_SURROGATE, "\uFFFD");
  return { subject, html, text: toPlainTextFast(html) };
}
