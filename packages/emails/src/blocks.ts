// The block document model of a template: headings, text, buttons, images, dividers, spacers,
// columns, repeat loops, conditionals and partial references. Every string may hold Liquid.
// Plain-body templates (TemplateContent.body) still render when a template has no blocks.
import { z } from "zod";

export const BLOCK_TYPES = [
  "heading",
  "text",
  "button",
  "image",
  "divider",
  "spacer",
  "columns",
  "repeat",
  "conditional",
  "partial",
] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

const ZBlockId = z.string().min(1, "Block id is required").max(64, "Block id must be at most 64 characters");
const ZAlign = z.enum(["left", "center", "right"]);
const ZLiquidString = z.string().max(20_000, "A block field must be at most 20,000 characters");

/** `event.properties.items`, `cart.items`, `matchedEvents["wait-1"].properties.lines`. */
export const ARRAY_PATH_PATTERN = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\]]+"\])*$/;
const ZArrayPath = z
  .string()
  .trim()
  .regex(ARRAY_PATH_PATTERN, 'Use a path such as "event.properties.items" or "cart.items"');
const ZAlias = z
  .string()
  .trim()
  .regex(/^[A-Za-z_]\w*$/, "The item name must be a single word such as item")
  .refine((v) => !["contact", "event", "journey", "workspace", "matchedEvents", "forloop"].includes(v), {
    message: "The item name cannot shadow contact, event, journey, workspace, matchedEvents or forloop",
  });
/** A Liquid `if` expression without the tag: `contact.plan == "pro"`, `event.properties.coupon`. */
const ZCondition = z
  .string()
  .trim()
  .min(1, "Condition is required")
  .max(500, "Condition must be at most 500 characters")
  .refine((v) => !/[{}]|%/.test(v), {
    message: 'Write the condition without {{ }} or {% %}, e.g. contact.plan == "pro"',
  });

export type HeadingBlock = {
  type: "heading";
  id: string;
  text: string;
  level: 1 | 2 | 3;
  align?: "left" | "center" | "right" | undefined;
};
export type TextBlock = { type: "text"; id: string; text: string; align?: "left" | "center" | "right" | undefined };
export type ButtonBlock = {
  type: "button";
  id: string;
  label: string;
  url: string;
  align?: "left" | "center" | "right" | undefined;
  color?: string | undefined;
};
export type ImageBlock = {
  type: "image";
  id: string;
  src: string;
  alt: string;
  width?: number | undefined;
  href?: string | undefined;
};
export type DividerBlock = { type: "divider"; id: string };
export type SpacerBlock = { type: "spacer"; id: string; height: number };
export type ColumnsBlock = { type: "columns"; id: string; columns: Block[][] };
export type RepeatBlock = {
  type: "repeat";
  id: string;
  path: string;
  as: string;
  limit?: number | undefined;
  blocks: Block[];
};
export type ConditionalBlock = { type: "conditional"; id: string; condition: string; blocks: Block[] };
export type PartialBlock = { type: "partial"; id: string; partialId: string };
export type Block =
  | HeadingBlock
  | TextBlock
  | ButtonBlock
  | ImageBlock
  | DividerBlock
  | SpacerBlock
  | ColumnsBlock
  | RepeatBlock
  | ConditionalBlock
  | PartialBlock;

// Author-facing bounds: deep nesting or huge documents are mistakes, and each level costs a render pass.
export const MAX_BLOCKS = 200;
export const MAX_REPEAT_ITEMS = 100;

const ZBlocks: z.ZodType<Block[]> = z.lazy(() => z.array(ZBlockSchema).max(MAX_BLOCKS, `At most ${MAX_BLOCKS} blocks`));

export const ZBlockSchema: z.ZodType<Block> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({
      type: z.literal("heading"),
      id: ZBlockId,
      text: ZLiquidString,
      level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      align: ZAlign.optional(),
    }),
    z.object({ type: z.literal("text"), id: ZBlockId, text: ZLiquidString, align: ZAlign.optional() }),
    z.object({
      type: z.literal("button"),
      id: ZBlockId,
      label: ZLiquidString.min(1, "Button label is required"),
      url: ZLiquidString.min(1, "Button URL is required"),
      align: ZAlign.optional(),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "Button colour must be a hex colour like #2563eb")
        .optional(),
    }),
    z.object({
      type: z.literal("image"),
      id: ZBlockId,
      src: ZLiquidString.min(1, "Image URL is required"),
      alt: ZLiquidString,
      width: z
        .number()
        .int()
        .min(16, "Image width must be at least 16px")
        .max(600, "Image width must be at most 600px")
        .optional(),
      href: ZLiquidString.optional(),
    }),
    z.object({ type: z.literal("divider"), id: ZBlockId }),
    z.object({
      type: z.literal("spacer"),
      id: ZBlockId,
      height: z
        .number()
        .int()
        .min(4, "Spacer height must be at least 4px")
        .max(200, "Spacer height must be at most 200px"),
    }),
    z.object({
      type: z.literal("columns"),
      id: ZBlockId,
      columns: z.array(ZBlocks).min(2, "Columns need 2 or 3 columns").max(3, "Columns need 2 or 3 columns"),
    }),
    z.object({
      type: z.literal("repeat"),
      id: ZBlockId,
      path: ZArrayPath,
      as: ZAlias,
      limit: z
        .number()
        .int()
        .min(1)
        .max(MAX_REPEAT_ITEMS, `A repeat shows at most ${MAX_REPEAT_ITEMS} items`)
        .optional(),
      blocks: ZBlocks,
    }),
    z.object({ type: z.literal("conditional"), id: ZBlockId, condition: ZCondition, blocks: ZBlocks }),
    z.object({ type: z.literal("partial"), id: ZBlockId, partialId: z.uuid({ message: "partialId must be a UUID" }) }),
  ]),
);

export const ZBlockListSchema = ZBlocks;

/** Children of a block, per slot (columns have several). */
export function childBlockLists(block: Block): Block[][] {
  if (block.type === "columns") return block.columns;
  if (block.type === "repeat" || block.type === "conditional") return [block.blocks];
  return [];
}

/** Depth-first visit of every block, children after their parent. */
export function walkBlocks(
  blocks: readonly Block[],
  visit: (block: Block, ancestors: readonly Block[]) => void,
  ancestors: readonly Block[] = [],
): void {
  for (const block of blocks) {
    visit(block, ancestors);
    for (const list of childBlockLists(block)) walkBlocks(list, visit, [...ancestors, block]);
  }
}

/** The Liquid a block prints (a repeat's path and a condition decide, they do not print). */
export function printedSources(block: Block): string[] {
  switch (block.type) {
    case "heading":
    case "text":
      return [block.text];
    case "button":
      return [block.label, block.url];
    case "image":
      return [block.src, block.alt, block.href ?? ""];
    default:
      return [];
  }
}

/** Partial ids referenced anywhere in the document. */
export function findPartialIds(blocks: readonly Block[]): string[] {
  const ids = new Set<string>();
  walkBlocks(blocks, (block) => {
    if (block.type === "partial") ids.add(block.partialId);
  });
  return [...ids];
}

/**
 * Replaces partial references with the partial's blocks (ids prefixed so they stay unique).
 * Partials do not nest: a partial inside a partial is dropped, which also rules out cycles.
 * An unknown partial id throws — a send must not silently lose its footer.
 */
export function inlinePartials(
  blocks: readonly Block[],
  partials: ReadonlyMap<string, readonly Block[]>,
  depth = 0,
): Block[] {
  return blocks.flatMap((block): Block[] => {
    if (block.type === "partial") {
      if (depth > 0) return [];
      const content = partials.get(block.partialId);
      if (!content) throw new Error(`Partial ${block.partialId} does not exist in this workspace`);
      return inlinePartials(content, partials, depth + 1).map((child) => prefixIds(child, `${block.id}.`));
    }
    if (block.type === "columns")
      return [{ ...block, columns: block.columns.map((col) => inlinePartials(col, partials, depth)) }];
    if (block.type === "repeat" || block.type === "conditional")
      return [{ ...block, blocks: inlinePartials(block.blocks, partials, depth) }];
    return [block];
  });
}

function prefixIds(block: Block, prefix: string): Block {
  const id = `${prefix}${block.id}`;
  if (block.type === "columns")
    return { ...block, id, columns: block.columns.map((col) => col.map((b) => prefixIds(b, prefix))) };
  if (block.type === "repeat" || block.type === "conditional")
    return { ...block, id, blocks: block.blocks.map((b) => prefixIds(b, prefix)) };
  return { ...block, id };
}

/** A legacy plain body as one text block (same paragraph and `[label](url)` rules). */
export function bodyToBlocks(body: string): Block[] {
  return body.trim() === "" ? [] : [{ type: "text", id: "body", text: body }];
}
