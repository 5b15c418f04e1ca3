// Per-send HTML of the compiled form: personalized blocks poured into their stencils. Mirrors
// BlockView / InlineView / BodyBlockView exactly (the equivalence tests hold it to that), with
// every contact-supplied string escaped as React escapes it.
import type { Inline, Paragraph } from "../inline";
import type { ResolvedBlock } from "../resolve-blocks";
import type { BodyBlock } from "../template";
import { escapeLikeReact as esc, fillStencil, type Stencil } from "./stencil";
import type { InlineStencils } from "./types";

type Stencils = { stencils: Record<string, Stencil>; inline: InlineStencils };

function stencil(set: Stencils, key: string): Stencil {
  const found = set.stencils[key];
  // compileTemplate collects a stencil for every kind and attribute set in the document.
  if (!found) throw new Error(`compiled template has no stencil ${key}`);
  return found;
}

function emitInline(inline: Inline, set: InlineStencils): string {
  if (inline.kind === "break") return set.lineBreak;
  if (inline.kind === "link") return fillStencil(set.link, [esc(inline.href), esc(inline.label)]);
  if (inline.bold) return fillStencil(set.bold, [esc(inline.text)]);
  if (inline.italic) return fillStencil(set.italic, [esc(inline.text)]);
  return fillStencil(set.text, [esc(inline.text)]);
}

function emitParagraph(paragraph: Paragraph, frame: Stencil, set: InlineStencils): string {
  let inner = "";
  for (const inline of paragraph) inner += emitInline(inline, set);
  return fillStencil(frame, [inner]);
}

function emitBlock(block: ResolvedBlock, set: Stencils): string {
  switch (block.type) {
    case "heading":
      return fillStencil(stencil(set, `heading:${block.level}:${block.align}`), [esc(block.text)]);
    case "text": {
      const frame = stencil(set, `paragraph:${block.align}`);
      return block.paragraphs.map((paragraph) => emitParagraph(paragraph, frame, set.inline)).join("");
    }
    case "button":
      return fillStencil(stencil(set, `button:${block.align}:${block.color}`), [esc(block.href), esc(block.label)]);
    case "image":
      return block.href
        ? fillStencil(stencil(set, `image:${block.width}:linked`), [esc(block.src), esc(block.alt), esc(block.href)])
        : fillStencil(stencil(set, `image:${block.width}:plain`), [esc(block.src), esc(block.alt)]);
    case "divider":
      return fillStencil(stencil(set, "divider"), []);
    case "spacer":
      return fillStencil(stencil(set, `spacer:${block.height}`), []);
    case "columns":
      return fillStencil(
        stencil(set, `columns:${block.columns.length}`),
        block.columns.map((column) => emitResolvedBlocks(column, set)),
      );
  }
}

export function emitResolvedBlocks(blocks: readonly ResolvedBlock[], set: Stencils): string {
  let html = "";
  for (const block of blocks) html += emitBlock(block, set);
  return html;
}

/** A plain-body email's paragraphs and links (EmailLayout's BodyBlockView). */
export function emitBodyBlocks(blocks: readonly BodyBlock[], set: InlineStencils): string {
  const [open, lineBreak, close] = set.legacyLines.parts as [string, string, string];
  return blocks
    .map((block) =>
      block.kind === "link"
        ? fillStencil(set.legacyLink, [esc(block.href), esc(block.label)])
        : open + block.lines.map(esc).join(lineBreak) + close,
    )
    .join("");
}
