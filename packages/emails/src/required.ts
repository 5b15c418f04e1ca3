// "Never `Hi ,`": which printed values a send cannot do without, and the check before rendering.
// Required = listed by the author, or printed (`{{ … }}` outside any tag) without a `| default:`
// anywhere in the subject, preheader or body. Outputs inside `{% if %}` / `{% for %}` are guarded
// by the author; loop locals of repeat blocks are per item and not checked. Pure: the editor
// lists the same outputs as warnings (findOutputsWithoutDefault) that the send enforces.
import { Output } from "liquidjs";
import { LruMap } from "./lru";
import { MAX_REPEAT_ITEMS, printedSources, walkBlocks, type Block } from "./blocks";
import {
  evaluateLiquidCondition,
  findLiquidVariables,
  liquidPathRoot,
  MissingVariableError,
  parseLiquid,
  resolveLiquidPath,
  TemplateRenderError,
  type TemplateField,
} from "./liquid";

export type CheckedContent = {
  subject: string;
  preheader?: string | undefined;
  body: string;
  blocks?: readonly Block[] | null | undefined;
};

/** A printed variable with no `| default:`: empty for a contact, it skips that contact's send. */
export type OutputWithoutDefault = { path: string; field: TemplateField; blockId: string | null };

// Sends ask for the same sources again and again (every block of a template, per contact); the
// answer depends on the source alone, so it is kept (bounded) instead of re-parsed per send.
const unguardedBySource = new LruMap<string, readonly string[]>(1_000);

/** Top-level outputs without `| default:`, e.g. `{{ first_name }}`; a source that does not parse has none (render reports it). */
export function findUnguardedVariables(source: string, field: TemplateField = "subject"): string[] {
  const key = `${field}\u0000${source}`;
  const known = unguardedBySource.get(key);
  if (known) return [...known];
  const found = scanUnguardedVariables(source, field);
  if (source.length <= 4_000) unguardedBySource.set(key, found);
  return [...found];
}

function scanUnguardedVariables(source: string, field: TemplateField): string[] {
  const found = new Set<string>();
  let nodes;
  try {
    nodes = parseLiquid(source, field);
  } catch (error) {
    if (error instanceof TemplateRenderError) return [];
    throw error;
  }
  for (const node of nodes) {
    if (!(node instanceof Output)) continue;
    if (node.value.filters.some((filter) => filter.name === "default")) continue;
    for (const variable of findLiquidVariables(node.token.getText(), field)) found.add(variable);
  }
  return [...found].sort();
}

function blockOutputs(block: Block, locals: ReadonlySet<string>): OutputWithoutDefault[] {
  return printedSources(block).flatMap((source) =>
    findUnguardedVariables(source, "body")
      .filter((path) => !locals.has(liquidPathRoot(path)))
      .map((path) => ({ path, field: "body" as const, blockId: block.id })),
  );
}

function envelopeOutputs(content: CheckedContent): OutputWithoutDefault[] {
  const from = (source: string, field: TemplateField) =>
    findUnguardedVariables(source, field).map((path) => ({ path, field, blockId: null }));
  return [
    ...from(content.subject, "subject"),
    ...from(content.preheader ?? "", "preheader"),
    ...(content.blocks ? [] : from(content.body, "body")),
  ];
}

/** Every output without a default, for the editor's warnings ("contacts without `first_name` will be skipped"). */
export function findOutputsWithoutDefault(content: CheckedContent): OutputWithoutDefault[] {
  const outputs = envelopeOutputs(content);
  if (content.blocks) {
    walkBlocks(content.blocks, (block, ancestors) => {
      const locals = new Set(["forloop", ...ancestors.flatMap((a) => (a.type === "repeat" ? [a.as] : []))]);
      outputs.push(...blockOutputs(block, locals));
    });
  }
  return outputs;
}

function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function assertPresent(output: OutputWithoutDefault & { blockType?: string }, scope: Record<string, unknown>): void {
  if (!isEmptyValue(resolveLiquidPath(output.path, scope, output.field))) return;
  // The subject keeps the short reason: a subject variable was required before bodies were.
  const where =
    output.field === "subject"
      ? null
      : output.blockId
        ? `no | default: in ${output.blockType ?? "a"} block "${output.blockId}"`
        : `no | default: in the ${output.field}`;
  throw new MissingVariableError(output.field, output.path, where, output.blockId);
}

/** Walks the blocks the way rendering does: a false conditional or an empty repeat prints nothing, so needs nothing. */
function assertBlocksPresent(
  blocks: readonly Block[],
  scope: Record<string, unknown>,
  locals: ReadonlySet<string>,
): void {
  for (const block of blocks) {
    switch (block.type) {
      case "conditional":
        if (evaluateLiquidCondition(block.condition, scope)) assertBlocksPresent(block.blocks, scope, locals);
        break;
      case "repeat": {
        const items = resolveLiquidPath(block.path, scope);
        if (!Array.isArray(items)) break;
        const inner = new Set([...locals, block.as, "forloop"]);
        // Each item decides nested conditions; the loop alias itself is never required.
        for (const item of items.slice(0, block.limit ?? MAX_REPEAT_ITEMS))
          assertBlocksPresent(block.blocks, { ...scope, [block.as]: item }, inner);
        break;
      }
      case "columns":
        for (const column of block.columns) assertBlocksPresent(column, scope, locals);
        break;
      default:
        for (const output of blockOutputs(block, locals)) assertPresent({ ...output, blockType: block.type }, scope);
    }
  }
}

/**
 * Throws MissingVariableError naming the first value that is empty in this context: listed
 * required variables first, then outputs without a default. `content.blocks` must have its
 * partials inlined (a partial's footer prints values too).
 */
export function assertRequiredVariables(
  required: readonly string[],
  content: CheckedContent,
  scope: Record<string, unknown>,
): void {
  for (const path of required) {
    if (isEmptyValue(resolveLiquidPath(path, scope, "body"))) throw new MissingVariableError("body", path);
  }
  for (const output of envelopeOutputs(content)) assertPresent(output, scope);
  if (content.blocks) assertBlocksPresent(content.blocks, scope, new Set(["forloop"]));
}
