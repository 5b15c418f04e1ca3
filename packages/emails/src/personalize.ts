// Personalization shared by both renderers (renderEmail and the compiled one): the Liquid
// scope of a send, single-line headers, and the plain-body paragraphs of a contact.
import { expandSlots, extractSlots, renderLiquid, stripSentinels } from "./liquid";
import { isBareUrl, isSafeHref, splitBody, type BodyBlock } from "./template";

export type RenderContext = {
  /** Traits plus `email` and `userId`. */
  contact: Record<string, unknown>;
  event: Record<string, unknown>;
  journey: Record<string, unknown>;
  /** Workspace variables (`{{ workspace.name }}`). */
  workspace?: Record<string, unknown> | undefined;
  /** Events matched by until-event waits, keyed by wait node id. */
  matchedEvents?: Record<string, unknown> | undefined;
};

/**
 * The Liquid scope: contact traits are also readable at the top level (`{{ first_name }}`), the
 * shorthand marketers know from other tools; `contact`, `event` and `journey` always win.
 */
export function buildLiquidScope(context: RenderContext): Record<string, unknown> {
  return {
    ...context.contact,
    contact: context.contact,
    event: context.event,
    journey: context.journey,
    workspace: context.workspace ?? {},
    matchedEvents: context.matchedEvents ?? {},
  };
}

// Headers cannot carry newlines (header injection); collapse all whitespace runs.
export function toSingleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A plain body for one contact: paragraphs and links from what the author wrote, values as plain text. */
export function personalizeBody(body: string, scope: Record<string, unknown>): BodyBlock[] {
  // Structure (paragraphs, links) comes from what the author wrote; values fill slots afterwards
  // so a trait like "[win](https://evil.test)" or one with blank lines stays plain text.
  const { text, values } = extractSlots(renderLiquid(stripSentinels(body), scope, { field: "body", mode: "slots" }));
  const expand = (s: string) => expandSlots(s, values);
  return splitBody(text).flatMap((block): BodyBlock[] => {
    if (block.kind === "link") {
      const href = expand(block.href).trim();
      const label = expand(block.label).trim() || href;
      if (isSafeHref(href)) return [{ kind: "link", label, href }];
      return [{ kind: "paragraph", lines: [block.label === block.href ? href : `${label} (${href})`] }];
    }
    const lines = block.lines.map(expand);
    const only = lines.length === 1 ? (lines[0] as string).trim() : null;
    // A paragraph that is just `{{ event.properties.url }}` becomes a link once it holds a URL.
    if (only !== null && isBareUrl(only) && isSafeHref(only)) return [{ kind: "link", label: only, href: only }];
    if (lines.every((line) => line.trim() === "")) return [];
    return [{ kind: "paragraph", lines }];
  });
}
