// The template content: subject, preheader and either a block document (`blocks`, see blocks.ts)
// or a legacy plain-text body whose blank-line separated paragraphs become email paragraphs.
// A template with `blocks` set renders its blocks and ignores `body`; without, the body renders.
import { z } from "zod";
import { ZBlockListSchema } from "./blocks";

/** A Liquid variable path a send cannot do without: `contact.first_name`, `event.properties.order_id`. */
export const ZVariablePathSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/, "A required variable is a path such as contact.first_name");

export const ZTemplateContentSchema = z.object({
  subject: z.string().trim().min(1, "Subject is required").max(200, "Subject must be at most 200 characters"),
  /** Inbox preview text shown after the subject; optional. */
  preheader: z.string().max(200, "Preheader must be at most 200 characters").default(""),
  body: z.string().max(100_000, "Body must be at most 100,000 characters"),
  /** The block document; null/absent = a legacy plain-body template. */
  blocks: ZBlockListSchema.nullable().optional(),
  /** Variables that must render non-empty, or the send is skipped with a reason naming them. */
  requiredVariables: z.array(ZVariablePathSchema).max(50, "At most 50 required variables").optional(),
});
export type TemplateContent = z.infer<typeof ZTemplateContentSchema>;

export type BodyBlock = { kind: "paragraph"; lines: string[] } | { kind: "link"; label: string; href: string };

const MARKDOWN_LINK = /^\[([^\]\n]+)\]\(([^()\s]+)\)$/;
const BARE_URL = /^(?:https?:\/\/|mailto:)\S+$/i;

/** True for a paragraph that is one URL on its own (http, https or mailto). */
export function isBareUrl(text: string): boolean {
  return BARE_URL.test(text);
}

/**
 * Only web and mail links make it into an email: `javascript:` and friends render as text.
 * Relative or malformed hrefs are rejected because a mail client has no base URL.
 */
export function isSafeHref(href: string): boolean {
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/**
 * Splits a body into blocks: blank lines separate paragraphs, single newlines are line breaks,
 * a paragraph that is exactly `[label](url)` or a bare URL is a link.
 */
export function splitBody(body: string): BodyBlock[] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph): BodyBlock => {
      const link = MARKDOWN_LINK.exec(paragraph);
      if (link) return { kind: "link", label: (link[1] as string).trim(), href: link[2] as string };
      if (isBareUrl(paragraph)) return { kind: "link", label: paragraph, href: paragraph };
      return { kind: "paragraph", lines: paragraph.split("\n").map((line) => line.trim()) };
    });
}
