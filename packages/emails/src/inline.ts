// Inline formatting of text blocks: blank lines separate paragraphs, a newline is a line break,
// `**bold**`, `*italic*` and `[label](https://…)` links. Parsed on what the author wrote, with
// Liquid output held in slot references, so a contact's data never becomes markup or a link.
import { expandSlots } from "./liquid";
import { isBareUrl, isSafeHref } from "./template";

export type Inline =
  | { kind: "text"; text: string; bold?: boolean; italic?: boolean }
  | { kind: "break" }
  | { kind: "link"; href: string; label: string };

export type Paragraph = Inline[];

const INLINE = /\[([^\]\n]+)\]\(([^()\s]+)\)|\*\*([^*\n]+)\*\*|\*([^*\n]+)\*|\n/g;

function parseParagraph(source: string, values: readonly string[]): Paragraph {
  const out: Paragraph = [];
  const expand = (s: string) => expandSlots(s, values);
  const pushText = (text: string, style: { bold?: boolean; italic?: boolean } = {}) => {
    const expanded = expand(text);
    if (expanded !== "") out.push({ kind: "text", text: expanded, ...style });
  };
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    pushText(source.slice(last, match.index));
    last = match.index + match[0].length;
    const [whole, label, href, bold, italic] = match;
    if (whole === "\n") out.push({ kind: "break" });
    else if (bold !== undefined) pushText(bold, { bold: true });
    else if (italic !== undefined) pushText(italic, { italic: true });
    else if (label !== undefined && href !== undefined) {
      const url = expand(href).trim();
      const text = expand(label).trim() || url;
      // An unsafe or relative href (after personalization) stays visible as text, never a link.
      if (isSafeHref(url)) out.push({ kind: "link", href: url, label: text });
      else pushText(`${label} (${href})`);
    }
  }
  pushText(source.slice(last));
  // A paragraph that is only a URL (often `{{ event.properties.url }}`) becomes a link.
  const only = out.length === 1 ? out[0] : undefined;
  if (only?.kind === "text" && !only.bold && !only.italic) {
    const url = only.text.trim();
    if (isBareUrl(url) && isSafeHref(url)) return [{ kind: "link", href: url, label: url }];
  }
  return out;
}

/** Slot-referenced text (see `extractSlots`) → paragraphs; empty paragraphs are dropped. */
export function parseInlineText(slotted: string, values: readonly string[]): Paragraph[] {
  return slotted
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) =>
      parseParagraph(
        p
          .split("\n")
          .map((line) => line.trim())
          .join("\n"),
        values,
      ),
    )
    .filter((p) =>
      p.some((inline) => inline.kind !== "break" && (inline.kind !== "text" || inline.text.trim() !== "")),
    );
}
