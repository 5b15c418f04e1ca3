// Per-send HTML of the compiled form: personalized blocks poured into their stencils. Mirrors
// BlockView / InlineView / BodyBlockView exactly (the equivalence tests hold it to that), with
// every contact-supplied string escaped as React escapes it. Everything is written in document
// order into one sink, which notes where each anchor's href lands when tracking asks for it.
import type { Inline, Paragraph } from "../inline";
import type { ResolvedBlock } from "../resolve-blocks";
import type { BodyBlock } from "../template";
import { escapeLikeReact as esc, type Stencil } from "./stencil";
import type { InlineStencils } from "./types";

type Stencils = { stencils: Record<string, Stencil>; inline: InlineStencils };

/** The email's HTML so far, and (when click tracking will read them) the [start, end) of every href written. */
export type HtmlSink = { html: string; hrefs: number[] | null };

function stencil(set: Stencils, key: string): Stencil {
  const found = set.stencils[key];
  // compileTemplate collects a stencil for every kind and attribute set in the document.
  if (!found) throw new Error(`compiled template has no stencil ${key}`);
  return found;
}

/** Fills a stencil; `values` are HTML already (escape contact data with escapeLikeReact first). */
export function writeStencil(sink: HtmlSink, stencil: Stencil, values: readonly string[]): void {
  let html = sink.html + (stencil.parts[0] as string);
  for (let i = 0; i < stencil.order.length; i++) {
    const value = values[stencil.order[i] as number] as string;
    if (sink.hrefs !== null && stencil.hrefs[i]) sink.hrefs.push(html.length, html.length + value.length);
    html += value + (stencil.parts[i + 1] as string);
  }
  sink.html = html;
}

/**
 * A stencil whose holes are written in place, in document order (a paragraph's inlines, the
 * columns' blocks, the email around its body): `writeHole(index)` writes value `index`.
 */
export function writeAround(sink: HtmlSink, stencil: Stencil, writeHole: (index: number) => void): void {
  sink.html += stencil.parts[0] as string;
  for (let i = 0; i < stencil.order.length; i++) {
    const start = sink.html.length;
    writeHole(stencil.order[i] as number);
    if (sink.hrefs !== null && stencil.hrefs[i]) sink.hrefs.push(start, sink.html.length);
    sink.html += stencil.parts[i + 1] as string;
  }
}

/** HTML made earlier (a block without Liquid), with the places of its hrefs relative to its start. */
export function writeMade(sink: HtmlSink, html: string, hrefs: readonly number[]): void {
  if (sink.hrefs !== null) for (const at of hrefs) sink.hrefs.push(sink.html.length + at);
  sink.html += html;
}

function writeInline(sink: HtmlSink, inline: Inline, set: InlineStencils): void {
  if (inline.kind === "break") sink.html += set.lineBreak;
  else if (inline.kind === "link") writeStencil(sink, set.link, [esc(inline.href), esc(inline.label)]);
  else if (inline.bold) writeStencil(sink, set.bold, [esc(inline.text)]);
  else if (inline.italic) writeStencil(sink, set.italic, [esc(inline.text)]);
  else writeStencil(sink, set.text, [esc(inline.text)]);
}

function writeParagraph(sink: HtmlSink, paragraph: Paragraph, frame: Stencil, set: InlineStencils): void {
  writeAround(sink, frame, () => {
    for (const inline of paragraph) writeInline(sink, inline, set);
  });
}

function writeBlock(sink: HtmlSink, block: ResolvedBlock, set: Stencils): void {
  switch (block.type) {
    case "heading":
      return writeStencil(sink, stencil(set, `heading:${block.level}:${block.align}`), [esc(block.text)]);
    case "text": {
      const frame = stencil(set, `paragraph:${block.align}`);
      for (const paragraph of block.paragraphs) writeParagraph(sink, paragraph, frame, set.inline);
      return;
    }
    case "button":
      return writeStencil(sink, stencil(set, `button:${block.align}:${block.color}`), [
        esc(block.href),
        esc(block.label),
      ]);
    case "image":
      return block.href
        ? writeStencil(sink, stencil(set, `image:${block.width}:linked`), [
            esc(block.src),
            esc(block.alt),
            esc(block.href),
          ])
        : writeStencil(sink, stencil(set, `image:${block.width}:plain`), [esc(block.src), esc(block.alt)]);
    case "divider":
      return writeStencil(sink, stencil(set, "divider"), []);
    case "spacer":
      return writeStencil(sink, stencil(set, `spacer:${block.height}`), []);
    case "columns":
      // Columns' holes are in column order (compileTemplate checks), so this writes them in turn.
      return writeAround(sink, stencil(set, `columns:${block.columns.length}`), (index) =>
        writeResolvedBlocks(sink, block.columns[index] as ResolvedBlock[], set),
      );
  }
}

export function writeResolvedBlocks(sink: HtmlSink, blocks: readonly ResolvedBlock[], set: Stencils): void {
  for (const block of blocks) writeBlock(sink, block, set);
}

/** A plain-body email's paragraphs and links (EmailLayout's BodyBlockView). */
export function writeBodyBlocks(sink: HtmlSink, blocks: readonly BodyBlock[], set: InlineStencils): void {
  const [open, lineBreak, close] = set.legacyLines.parts as [string, string, string];
  for (const block of blocks) {
    if (block.kind === "link") writeStencil(sink, set.legacyLink, [esc(block.href), esc(block.label)]);
    else sink.html += open + block.lines.map(esc).join(lineBreak) + close;
  }
}
