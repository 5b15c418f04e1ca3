// Where the server's input errors belong in the template editor: each issue's dotted path
// (`name`, `blocks.2.url`, `content.blocks.0.columns.1.0.label` from the preview) becomes the
// envelope field it names or the block it sits in, so the editor marks that field or block
// and says the message beside it instead of one banner of JSON.
import type { Block } from "@mailstream/emails/blocks";

export interface FieldIssue {
  path: string;
  message: string;
}

export interface PlacedIssues {
  /** Envelope fields (`name`, `subject`, `fromAddress`…) → message. */
  fields: Record<string, string>;
  /** Block id → message, for the block outline. */
  blocks: Map<string, string>;
}

/** The id of the innermost block the path walks through (`blocks.0.columns.1.0.url` → that column's block). */
function blockIdAt(blocks: readonly Block[], segments: readonly string[]): string | null {
  let list: unknown = blocks;
  let found: string | null = null;
  for (const segment of segments) {
    if (list === null || typeof list !== "object") break;
    const next: unknown = (list as Record<string, unknown>)[segment];
    if (Array.isArray(list) && next && typeof next === "object" && "id" in next && "type" in next)
      found = String((next as { id: unknown }).id);
    list = next;
  }
  return found;
}

export function placeIssues(issues: readonly FieldIssue[], blocks: readonly Block[]): PlacedIssues {
  const placed: PlacedIssues = { fields: {}, blocks: new Map() };
  for (const issue of issues) {
    const segments = issue.path.split(".").filter((s) => s !== "");
    if (segments[0] === "content") segments.shift();
    if (segments[0] === "blocks") {
      const id = blockIdAt(blocks, segments.slice(1));
      if (id && !placed.blocks.has(id)) placed.blocks.set(id, issue.message);
    } else if (segments[0] && !(segments[0] in placed.fields)) placed.fields[segments[0]] = issue.message;
  }
  return placed;
}
