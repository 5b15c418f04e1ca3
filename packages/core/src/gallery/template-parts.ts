// Block builders for the gallery's templates: the react-email blocks of @mailstream/emails,
// written short. Every printed value carries a `| default:` (or sits inside an `{% if %}`),
// so no contact is skipped for a missing trait (required.ts).
import type { Block, ButtonBlock, TextBlock } from "@mailstream/emails/blocks";
import type { TemplateContent } from "@mailstream/emails/template";

/** "Ada" or "there": the greeting every gallery email opens with. */
export const FIRST_NAME = '{{ contact.first_name | default: "there" }}';
/** The sign-off: the workspace variable `brand_name` (Settings → Variables) when set. */
export const SIGN_OFF = '— {{ workspace.brand_name | default: "The team" }}';
/** Where buttons lead when the event carries no link: a placeholder host to replace (RFC 2606). */
export const SHOP_URL = "https://shop.example.com";

export const heading = (id: string, text: string): Block => ({ type: "heading", id, level: 1, text });
export const subheading = (id: string, text: string): Block => ({ type: "heading", id, level: 2, text });
export const text = (id: string, value: string, align?: TextBlock["align"]): Block =>
  align ? { type: "text", id, text: value, align } : { type: "text", id, text: value };
export const button = (id: string, label: string, url: string, color?: ButtonBlock["color"]): Block =>
  color ? { type: "button", id, label, url, color } : { type: "button", id, label, url };
export const divider = (id: string): Block => ({ type: "divider", id });
export const spacer = (id: string, height = 16): Block => ({ type: "spacer", id, height });
export const columns = (id: string, ...content: Block[][]): Block => ({ type: "columns", id, columns: content });
export const when = (id: string, condition: string, ...blocks: Block[]): Block => ({
  type: "conditional",
  id,
  condition,
  blocks,
});
export const repeat = (id: string, path: string, as: string, limit: number, ...blocks: Block[]): Block => ({
  type: "repeat",
  id,
  path,
  as,
  limit,
  blocks,
});

/** A block template (the legacy plain body stays empty). */
export function blockTemplate(subject: string, preheader: string, blocks: Block[]): TemplateContent {
  return { subject, preheader, body: "", blocks, requiredVariables: [] };
}
