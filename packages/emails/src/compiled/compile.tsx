/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps the automatic JSX runtime when another package's tsconfig (e.g. tsx in temporal/) compiles this file.
// compileTemplate: a template version → its compiled form, made once per version. React runs
// here and only here: the frame of the email and every block kind the template uses are
// rendered once into stencils (HTML with holes), blocks without any Liquid are rendered whole,
// and what is left per contact is the Liquid of each field plus the decisions that depend on
// its output (empty → left out, unsafe URL → dropped, inline `**bold**`/links on slot output).
import { Fragment } from "react";
import { BlockEmailFrame, BlockView, ColumnsView, InlineView, TextParagraph } from "../block-email";
import { inlinePartials, printedSources, type Block } from "../blocks";
import { BodyBlockView, EmailLayoutFrame } from "../email-layout";
import { findLiteralLinkHosts } from "../links";
import { TemplateRenderError } from "../liquid";
import { resolveBlock } from "../resolve-blocks";
import { hole, makeFragmentStencil, makeStencil, type Stencil } from "./stencil";
import type { CompiledNode, CompiledTemplate, EmailFrame, InlineStencils, TemplateToCompile } from "./types";
import { writeResolvedBlocks, type HtmlSink } from "./emit";

const PREVIEW_MAX_LENGTH = 150;

type Align = "left" | "center" | "right";

/** Blocks whose fields hold no Liquid render the same for everyone. */
function isStaticLeaf(block: Block): boolean {
  return printedSources(block).every((source) => !source.includes("{{") && !source.includes("{%"));
}

// The frames and inline pieces do not depend on the template: made once per process.
const frames = new Map<"blocks" | "body", Promise<EmailFrame>>();
let inlineStencils: Promise<InlineStencils> | null = null;

async function makeFrame(layout: "blocks" | "body"): Promise<EmailFrame> {
  const Frame = layout === "blocks" ? BlockEmailFrame : EmailLayoutFrame;
  // Holes: 0 subject, 1 children, 2 unsubscribe URL, 3 preheader (cut out below: its padding depends on its length).
  const variant = async (preheader: boolean, unsubscribe: boolean) =>
    makeStencil(
      <Frame subject={hole(0)} preheader={preheader ? hole(3) : ""} unsubscribeUrl={unsubscribe ? hole(2) : undefined}>
        {hole(1)}
      </Frame>,
      [0, 1, ...(unsubscribe ? [2] : []), ...(preheader ? [3] : [])],
    );
  const [plain, withUnsubscribe, withPreheader, withBoth] = await Promise.all([
    variant(false, false),
    variant(false, true),
    variant(true, false),
    variant(true, true),
  ]);
  return {
    plain,
    withUnsubscribe,
    withPreheader: cutPreviewPadding(withPreheader),
    withBoth: cutPreviewPadding(withBoth),
  };
}

/**
 * react-email's Preview prints the text, then pads it to 150 characters with invisible
 * characters in a `<div>` of its own; the padding is per contact, so it leaves the stencil
 * and the renderer rebuilds it (`previewHtml`). Throws if the Preview markup ever changes.
 */
function cutPreviewPadding(stencil: Stencil): Stencil & { previewPad: string } {
  const at = stencil.order.indexOf(3);
  const after = stencil.parts[at + 1] as string;
  const padCount = PREVIEW_MAX_LENGTH - hole(3).length;
  const match = /^<div>([^<]*)<\/div>/.exec(after);
  const padding = match?.[1] ?? "";
  const unit = padding.slice(0, padding.length / padCount);
  if (!match || unit === "" || unit.repeat(padCount) !== padding)
    throw new Error("compileTemplate: unexpected react-email Preview markup");
  const parts = [...stencil.parts];
  parts[at + 1] = after.slice(match[0].length);
  const closing = stencil.closingBody;
  const closingBody =
    closing && closing.part === at + 1 ? { part: closing.part, at: closing.at - match[0].length } : closing;
  return { ...stencil, parts, closingBody, previewPad: unit };
}

async function makeInlineStencils(): Promise<InlineStencils> {
  const inline = (element: React.ReactElement, holes: number) => makeFragmentStencil(element, holes);
  const [text, bold, italic, lineBreak, link, legacyLink, legacyLines] = await Promise.all([
    inline(<InlineView inline={{ kind: "text", text: hole(0) }} />, 1),
    inline(<InlineView inline={{ kind: "text", text: hole(0), bold: true }} />, 1),
    inline(<InlineView inline={{ kind: "text", text: hole(0), italic: true }} />, 1),
    inline(<InlineView inline={{ kind: "break" }} />, 0),
    inline(<InlineView inline={{ kind: "link", href: hole(0), label: hole(1) }} />, 2),
    inline(<BodyBlockView block={{ kind: "link", href: hole(0), label: hole(1) }} />, 2),
    inline(<BodyBlockView block={{ kind: "paragraph", lines: [hole(0), hole(1)] }} />, 2),
  ]);
  return { text, bold, italic, lineBreak: lineBreak.parts.join(""), link, legacyLink, legacyLines };
}

/** Collects, per block, the stencils its kind and attributes need (keys in `stencilKey`). */
class StencilSet {
  readonly #pending = new Map<string, Promise<Stencil>>();

  need(key: string, make: () => Promise<Stencil>): string {
    if (!this.#pending.has(key)) this.#pending.set(key, make());
    return key;
  }

  async resolve(): Promise<Record<string, Stencil>> {
    const entries = await Promise.all([...this.#pending].map(async ([key, made]) => [key, await made] as const));
    return Object.fromEntries(entries);
  }
}

const fragment = (element: React.ReactElement, holes: number) => () => makeFragmentStencil(element, holes);

function needStencils(block: Block, stencils: StencilSet): void {
  const id = block.id;
  switch (block.type) {
    case "heading": {
      const align: Align = block.align ?? "left";
      stencils.need(
        `heading:${block.level}:${align}`,
        fragment(<BlockView block={{ type: "heading", id, text: hole(0), level: block.level, align }} />, 1),
      );
      return;
    }
    case "text": {
      const align: Align = block.align ?? "left";
      stencils.need(`paragraph:${align}`, fragment(<TextParagraph align={align}>{hole(0)}</TextParagraph>, 1));
      return;
    }
    case "button": {
      const align: Align = block.align ?? "left";
      const color = block.color ?? "#2563eb";
      stencils.need(
        `button:${align}:${color}`,
        fragment(<BlockView block={{ type: "button", id, label: hole(1), href: hole(0), align, color }} />, 2),
      );
      return;
    }
    case "image": {
      const width = block.width ?? null;
      stencils.need(
        `image:${width}:plain`,
        fragment(<BlockView block={{ type: "image", id, src: hole(0), alt: hole(1), width, href: null }} />, 2),
      );
      stencils.need(
        `image:${width}:linked`,
        fragment(<BlockView block={{ type: "image", id, src: hole(0), alt: hole(1), width, href: hole(2) }} />, 3),
      );
      return;
    }
    case "spacer":
      stencils.need(
        `spacer:${block.height}`,
        fragment(<BlockView block={{ type: "spacer", id, height: block.height }} />, 0),
      );
      return;
    case "divider":
      stencils.need("divider", fragment(<BlockView block={{ type: "divider", id }} />, 0));
      return;
    case "columns": {
      const count = block.columns.length;
      stencils.need(`columns:${count}`, () =>
        fragment(
          <ColumnsView
            columns={Array.from({ length: count }, (_, index) => (
              <Fragment key={index}>{hole(index)}</Fragment>
            ))}
          />,
          count,
        )().then(assertColumnsInOrder),
      );
      for (const column of block.columns) for (const child of column) needStencils(child, stencils);
      return;
    }
    case "repeat":
    case "conditional":
      for (const child of block.blocks) needStencils(child, stencils);
      return;
    case "partial":
      return;
  }
}

type StaticHtml = { html: string; hrefs: number[] };

function toNodes(blocks: readonly Block[], emitStatic: (block: Block) => StaticHtml): CompiledNode[] {
  return blocks.map((block): CompiledNode => {
    switch (block.type) {
      case "columns":
        return { kind: "columns", block, columns: block.columns.map((column) => toNodes(column, emitStatic)) };
      case "repeat":
        return { kind: "repeat", block, children: toNodes(block.blocks, emitStatic) };
      case "conditional":
        return { kind: "conditional", block, children: toNodes(block.blocks, emitStatic) };
      case "partial":
        return { kind: "leaf", block }; // inlining removed them all; reaching one fails the render, as today
      default:
        return isStaticLeaf(block) ? { kind: "html", block, ...emitStatic(block) } : { kind: "leaf", block };
    }
  });
}

/** Whether click tracking may swap hrefs where the render notes them (CompiledTemplate.linksPlaced). */
function areLinksPlaced(frame: EmailFrame, stencils: Record<string, Stencil>, inline: InlineStencils): boolean {
  const { lineBreak, ...inlineStencils } = inline;
  const inner = [...Object.values(stencils), ...Object.values(inlineStencils)];
  const frames = [frame.plain, frame.withUnsubscribe, frame.withPreheader, frame.withBoth];
  return (
    [...inner, ...frames].every((stencil) => stencil.linksPlaced) &&
    !/<a\b|<\/body>/i.test(lineBreak) &&
    // The pixel goes before the email's first `</body>`: the frame's, after everything written into it.
    inner.every((stencil) => stencil.closingBody === null) &&
    frames.every((stencil) => stencil.closingBody?.part === stencil.parts.length - 1)
  );
}

/** Columns are written (and their Liquid run) hole by hole in document order, which must be column order. */
function assertColumnsInOrder(stencil: Stencil): Stencil {
  if (stencil.order.some((value, index) => value !== index))
    throw new Error(`compileTemplate: unexpected react-email column order [${stencil.order.join(", ")}]`);
  return stencil;
}

/**
 * Compiles a template (a version: immutable, so the result can be cached by its id). Throws
 * TemplateRenderError when a referenced partial is missing, like `renderEmail` does.
 */
export async function compileTemplate(template: TemplateToCompile): Promise<CompiledTemplate> {
  let blocks: Block[] | null = null;
  if (template.blocks) {
    try {
      blocks = inlinePartials(template.blocks, template.partials ?? new Map());
    } catch (error) {
      throw new TemplateRenderError("body", error instanceof Error ? error.message : String(error));
    }
  }
  const stencilSet = new StencilSet();
  for (const block of blocks ?? []) needStencils(block, stencilSet);
  inlineStencils ??= makeInlineStencils();
  const layout = blocks ? "blocks" : "body";
  if (!frames.has(layout)) frames.set(layout, makeFrame(layout));
  const [stencils, inline, frame] = await Promise.all([
    stencilSet.resolve(),
    inlineStencils,
    frames.get(layout) as Promise<EmailFrame>,
  ]);
  const base = {
    subject: template.subject,
    preheader: template.preheader ?? "",
    body: template.body,
    blocks,
    requiredVariables: template.requiredVariables ?? [],
    frame,
    stencils,
    inline,
    literalLinkHosts: [...findLiteralLinkHosts({ body: template.body, blocks })],
  };
  // A static block needs no scope: nothing in it reads one.
  const emitStatic = (block: Block): StaticHtml => {
    const hrefs: number[] = [];
    const sink: HtmlSink = { html: "", hrefs };
    writeResolvedBlocks(sink, resolveBlock(block, {}), base);
    return { html: sink.html, hrefs };
  };
  return {
    ...base,
    linksPlaced: areLinksPlaced(frame, stencils, inline),
    program: blocks ? toNodes(blocks, emitStatic) : null,
  };
}
