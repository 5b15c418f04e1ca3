// Personalization of a block document: Liquid runs on every block field, repeat blocks expand
// over their array, conditionals keep or drop their children. The result holds plain strings
// only (React escapes them), so contact data can never inject markup, links or blocks.
import type { Block, RepeatBlock } from "./blocks";
import { MAX_REPEAT_ITEMS } from "./blocks";
import { parseInlineText, type Paragraph } from "./inline";
import {
  evaluateLiquidCondition,
  extractSlots,
  renderLiquid,
  resolveLiquidPath,
  stripSentinels,
  TemplateRenderError,
} from "./liquid";
import { isSafeHref } from "./template";

type Align = "left" | "center" | "right";
export type ResolvedBlock =
  | { type: "heading"; id: string; text: string; level: 1 | 2 | 3; align: Align }
  | { type: "text"; id: string; paragraphs: Paragraph[]; align: Align }
  | { type: "button"; id: string; label: string; href: string; align: Align; color: string }
  | { type: "image"; id: string; src: string; alt: string; width: number | null; href: string | null }
  | { type: "divider"; id: string }
  | { type: "spacer"; id: string; height: number }
  | { type: "columns"; id: string; columns: ResolvedBlock[][] };

type Scope = Record<string, unknown>;

function describe(block: Block): string {
  return `${block.type.charAt(0).toUpperCase()}${block.type.slice(1)} block "${block.id}"`;
}

/** Runs `fn`, re-throwing template errors so they name the block they come from. */
export function inBlock<T>(block: Block, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TemplateRenderError && error.blockId === null) {
      throw new TemplateRenderError("body", `${describe(block)}: ${error.message}`, block.id);
    }
    throw error;
  }
}

function liquidText(source: string, scope: Scope): string {
  return renderLiquid(stripSentinels(source), scope, { field: "body", mode: "text" }).replace(/\s+/g, " ").trim();
}

/** A URL field: trimmed, spaces encoded; null unless it is http(s)/mailto after personalization. */
function liquidUrl(source: string, scope: Scope): string | null {
  const url = renderLiquid(stripSentinels(source), scope, { field: "body", mode: "text" }).trim().replace(/ /g, "%20");
  return isSafeHref(url) ? url : null;
}

/** The scope of each item a repeat block shows: the item under its alias and a `forloop`. */
export function repeatScopes(block: RepeatBlock, scope: Scope): Scope[] {
  const value = resolveLiquidPath(block.path, scope);
  // A missing or non-array value renders nothing: an empty cart is not an error.
  if (!Array.isArray(value)) return [];
  const items = value.slice(0, block.limit ?? MAX_REPEAT_ITEMS);
  return items.map((item, index) => ({
    ...scope,
    [block.as]: item,
    forloop: {
      index: index + 1,
      index0: index,
      first: index === 0,
      last: index === items.length - 1,
      length: items.length,
    },
  }));
}

/** One block for one contact (containers recurse through resolveBlocks). */
export function resolveBlock(block: Block, scope: Scope): ResolvedBlock[] {
  switch (block.type) {
    case "heading": {
      const text = liquidText(block.text, scope);
      return text === ""
        ? []
        : [{ type: "heading", id: block.id, text, level: block.level, align: block.align ?? "left" }];
    }
    case "text": {
      const { text, values } = extractSlots(
        renderLiquid(stripSentinels(block.text), scope, { field: "body", mode: "slots" }),
      );
      const paragraphs = parseInlineText(text, values);
      return paragraphs.length === 0 ? [] : [{ type: "text", id: block.id, paragraphs, align: block.align ?? "left" }];
    }
    case "button": {
      const label = liquidText(block.label, scope);
      const href = liquidUrl(block.url, scope);
      // A button whose link personalizes to nothing usable is left out rather than sent dead.
      if (label === "" || href === null) return [];
      return [
        { type: "button", id: block.id, label, href, align: block.align ?? "left", color: block.color ?? "#2563eb" },
      ];
    }
    case "image": {
      const src = liquidUrl(block.src, scope);
      if (src === null || src.startsWith("mailto:")) return [];
      const href = block.href ? liquidUrl(block.href, scope) : null;
      return [
        { type: "image", id: block.id, src, alt: liquidText(block.alt, scope), width: block.width ?? null, href },
      ];
    }
    case "divider":
      return [{ type: "divider", id: block.id }];
    case "spacer":
      return [{ type: "spacer", id: block.id, height: block.height }];
    case "columns":
      return [{ type: "columns", id: block.id, columns: block.columns.map((column) => resolveBlocks(column, scope)) }];
    case "repeat":
      return repeatScopes(block, scope).flatMap((itemScope, index) =>
        resolveBlocks(block.blocks, itemScope).map((child) => ({ ...child, id: `${child.id}#${index}` })),
      );
    case "conditional":
      return evaluateLiquidCondition(block.condition, scope) ? resolveBlocks(block.blocks, scope) : [];
    case "partial":
      // Partials are inlined before rendering (see inlinePartials); reaching one is a bug upstream.
      throw new TemplateRenderError("body", `Partial ${block.partialId} was not loaded`, block.id);
  }
}

export function resolveBlocks(blocks: readonly Block[], scope: Scope): ResolvedBlock[] {
  return blocks.flatMap((block) => inBlock(block, () => resolveBlock(block, scope)));
}
