/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps the automatic JSX runtime when another package's tsconfig (e.g. tsx in temporal/) compiles this file.
// renderEmail: template + personalization context → subject, HTML and plain-text parts.
// Liquid runs first on plain strings; React builds the HTML, so contact data is always escaped.
import { render } from "@react-email/render";
import { BlockEmail } from "./block-email";
import { inlinePartials, type Block } from "./blocks";
import { EmailLayout } from "./email-layout";
import { expandSlots, extractSlots, renderLiquid, stripSentinels, TemplateRenderError } from "./liquid";
import { assertRequiredVariables } from "./required";
import { resolveBlocks } from "./resolve-blocks";
import { isBareUrl, isSafeHref, splitBody, type BodyBlock, type TemplateContent } from "./template";

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
function toSingleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function personalizeBody(body: string, scope: Record<string, unknown>): BodyBlock[] {
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
