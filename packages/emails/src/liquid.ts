// Liquid personalization for templates: one locked-down liquidjs engine (no file system, own
// properties only, DoS limits) and errors that name the template field and line.
import { LruMap } from "./lru";
import { Liquid, LiquidError, Tag, toValue, type TagToken, type Template, type TopLevelToken } from "liquidjs";

export type TemplateField = "subject" | "preheader" | "body";

function fieldLabel(field: TemplateField): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** A template that cannot be rendered; `field` says which part the editor should flag. Never worth a retry. */
export class TemplateRenderError extends Error {
  override name = "TemplateRenderError";
  constructor(
    readonly field: TemplateField,
    message: string,
    /** The block the problem is in, for block templates (the editor highlights it). */
    readonly blockId: string | null = null,
  ) {
    super(message);
  }
}

/**
 * A value the template needs is empty for this contact (a listed required variable, or one
 * printed without `| default:`). Sends are skipped with this reason instead of "Hi ,".
 * `where` says where it is printed (e.g. `no | default: in text block "intro"`).
 */
export class MissingVariableError extends TemplateRenderError {
  override name = "MissingVariableError";
  constructor(
    field: TemplateField,
    readonly variable: string,
    where: string | null = null,
    blockId: string | null = null,
  ) {
    super(field, `missing required variable ${variable}${where ? ` (${where})` : ""}`, blockId);
  }
}

/** A Liquid problem, e.g. `Body has a Liquid error on line 3: tag "iff" not found`. */
export class LiquidTemplateError extends TemplateRenderError {
  override name = "LiquidTemplateError";
  constructor(
    field: TemplateField,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(field, `${fieldLabel(field)} has a Liquid error${line === null ? "" : ` on line ${line}`}: ${detail}`);
  }
}

// Templates are single documents edited in the browser; partials would read from the server's
// disk, so the tags that load other templates fail at parse time with a clear reason.
class NoPartialsTag extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    throw new Error(`"${token.name}" is not supported: templates cannot load other templates`);
  }
  *render(): Generator<unknown, void, unknown> {}
}

const BASE_OPTIONS = {
  // In-memory lookup (always empty): nothing can reach the file system even if a tag slipped through.
  templates: {},
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  // Bounds for templates authored by users: size, time and allocations per render.
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
  cache: 200,
};

function createEngine(outputEscape?: (value: unknown) => string): Liquid {
  const engine = new Liquid(outputEscape ? { ...BASE_OPTIONS, outputEscape } : BASE_OPTIONS);
  for (const name of ["include", "render", "layout"]) engine.registerTag(name, NoPartialsTag);
  return engine;
}

/** Liquid's way of printing a value: nil → "", arrays joined, everything else String(). */
export function stringifyLiquidValue(value: unknown): string {
  const resolved: unknown = toValue(value);
  if (resolved === null || resolved === undefined) return "";
  if (Array.isArray(resolved)) return resolved.map(stringifyLiquidValue).join("");
  return String(resolved);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

/**
 * Output values wrapped in private-use sentinels, so the body parser can tell what the author
 * wrote (structure: paragraphs, links) from what a contact's data supplied (always plain text).
 */
export const SLOT_OPEN = "\uE000";
export const SLOT_CLOSE = "\uE001";
const SENTINELS = /[\uE000\uE001]/g;
const SLOT = /\uE000([^\uE000\uE001]*)\uE001/g;
const SLOT_REF = /\uE000(\d+)\uE001/g;
function wrapSlot(value: unknown): string {
  return SLOT_OPEN + stringifyLiquidValue(value).replace(SENTINELS, "") + SLOT_CLOSE;
}

/** Slotted output → text with numbered slot references (no brackets, spaces or newlines inside) + the values. */
export function extractSlots(slotted: string): { text: string; values: string[] } {
  const values: string[] = [];
  const text = slotted.replace(SLOT, (_match, value: string) => `${SLOT_OPEN}${values.push(value) - 1}${SLOT_CLOSE}`);
  return { text, values };
}

/** Puts the values back in place of their slot references. */
export function expandSlots(text: string, values: readonly string[]): string {
  return text.replace(SLOT_REF, (_match, index: string) => values[Number(index)] ?? "");
}

/** Authors cannot type the sentinels; strip them so only engine output can form a slot. */
export function stripSentinels(source: string): string {
  return source.replace(SENTINELS, "");
}

const engines = {
  text: createEngine(),
  html: createEngine((value) => escapeHtml(stringifyLiquidValue(value))),
  slots: createEngine(wrapSlot),
};

export type LiquidOutputMode = keyof typeof engines;

// Parsed templates by mode and source. A parse is pure (same source, same tree) and rendering
// never mutates the tree, so a cached parse renders byte-identically; sends of one template
// then parse each field once per process instead of once per email. Bounded: sources are
// author-controlled, so only short ones (most block fields) are kept; longer ones parse per render as before.
const PARSE_CACHE_SIZE = 1_000;
const MAX_CACHED_SOURCE = 4_000;
const parsed = {
  text: new LruMap<string, Template[]>(PARSE_CACHE_SIZE),
  html: new LruMap<string, Template[]>(PARSE_CACHE_SIZE),
  slots: new LruMap<string, Template[]>(PARSE_CACHE_SIZE),
};

function parseCached(mode: LiquidOutputMode, source: string): Template[] {
  const hit = parsed[mode].get(source);
  if (hit) return hit;
  const templates = engines[mode].parse(source);
  if (source.length <= MAX_CACHED_SOURCE) parsed[mode].set(source, templates);
  return templates;
}

function toTemplateError(error: unknown, field: TemplateField): LiquidTemplateError {
  if (error instanceof LiquidError) {
    // `token` is absent on some tokenizer errors despite its declared type.
    const position = (error.token as Partial<Pick<typeof error.token, "getPosition">> | undefined)?.getPosition?.();
    const detail = (error.originalError?.message ?? error.message).replace(/, line:\d+, col:\d+$/, "");
    return new LiquidTemplateError(field, position?.[0] ?? null, detail);
  }
  return new LiquidTemplateError(field, null, error instanceof Error ? error.message : String(error));
}

/**
 * Renders one template field. `mode`: "text" prints values as they are (for plain text and for
 * values React will escape), "html" HTML-escapes every output, "slots" wraps outputs in sentinels.
 */
export function renderLiquid(
  source: string,
  context: Record<string, unknown>,
  options: { field?: TemplateField; mode?: LiquidOutputMode } = {},
): string {
  const { field = "body", mode = "text" } = options;
  try {
    return engines[mode].renderSync(parseCached(mode, source), context) as string;
  } catch (error) {
    throw toTemplateError(error, field);
  }
}

/** Evaluates a Liquid `if` expression (`contact.plan == "pro"`, `event.properties.coupon`). */
export function evaluateLiquidCondition(
  condition: string,
  context: Record<string, unknown>,
  field: TemplateField = "body",
): boolean {
  return renderLiquid(`{% if ${condition} %}1{% endif %}`, context, { field, mode: "text" }) === "1";
}

/** First segment of a variable path: `contact.first_name` → contact, `item["x"]` → item. */
export function liquidPathRoot(path: string): string {
  return /^[^.[]+/.exec(path)?.[0] ?? path;
}

/** Reads a variable path (`event.properties.items`) the way Liquid would; unknown → undefined. */
export function resolveLiquidPath(
  path: string,
  context: Record<string, unknown>,
  field: TemplateField = "body",
): unknown {
  try {
    return toValue(engines.text.evalValueSync(path, context));
  } catch (error) {
    throw toTemplateError(error, field);
  }
}

/** The parsed template (for static analysis); throws `LiquidTemplateError` naming the field. */
export function parseLiquid(source: string, field: TemplateField): Template[] {
  try {
    return engines.text.parse(source);
  } catch (error) {
    throw toTemplateError(error, field);
  }
}

/** Throws `LiquidTemplateError` when the source does not parse; the editor calls this on save. */
export function checkLiquidSyntax(source: string, field: TemplateField): void {
  try {
    engines.text.parse(source);
  } catch (error) {
    throw toTemplateError(error, field);
  }
}

/**
 * Variable paths a template reads from the render context, e.g. `["contact.first_name", "event.properties.plan"]`
 * (loop and `assign` locals excluded), sorted; for the editor's "variables used" list.
 */
export function findLiquidVariables(source: string, field: TemplateField = "body"): string[] {
  try {
    return [...new Set(engines.text.globalFullVariablesSync(source))].sort();
  } catch (error) {
    throw toTemplateError(error, field);
  }
}
