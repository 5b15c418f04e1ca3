// Static analysis for the editor: which variables a template reads (per field / block), and
// which of them match nothing known — no contact trait and no property of recent events.
import { printedSources, walkBlocks, type Block } from "./blocks";
import {
  checkLiquidSyntax,
  findLiquidVariables,
  liquidPathRoot,
  TemplateRenderError,
  type TemplateField,
} from "./liquid";

export type VariableUse = { path: string; field: TemplateField; blockId: string | null };
export type UnknownVariable = VariableUse & { reason: string };
export type KnownVariables = {
  contactTraits: readonly string[];
  eventProperties: readonly string[];
  /** Keys of the workspace's variables (Settings), besides the built-in id and name. */
  workspaceVariables?: readonly string[] | undefined;
};

type AnalyzedContent = { subject: string; preheader?: string; body: string; blocks?: Block[] | null | undefined };

/** Liquid sources of one block: what it prints, plus a repeat path or condition as an expression. */
function blockSources(block: Block): string[] {
  if (block.type === "repeat") return [`{{ ${block.path} }}`];
  if (block.type === "conditional") return [`{% if ${block.condition} %}{% endif %}`];
  return printedSources(block);
}

/** Every variable read by the template; loop aliases and forloop are local and left out. */
export function findTemplateVariables(content: AnalyzedContent): VariableUse[] {
  const uses: VariableUse[] = [];
  const add = (source: string, field: TemplateField, blockId: string | null, locals: ReadonlySet<string>) => {
    let paths: string[];
    try {
      paths = findLiquidVariables(source, field);
    } catch (error) {
      // A syntax error is reported by the preview; analysis just skips the broken source.
      if (error instanceof TemplateRenderError) return;
      throw error;
    }
    for (const path of paths) if (!locals.has(liquidPathRoot(path))) uses.push({ path, field, blockId });
  };
  const none = new Set<string>();
  add(content.subject, "subject", null, none);
  add(content.preheader ?? "", "preheader", null, none);
  if (!content.blocks) {
    add(content.body, "body", null, none);
    return uses;
  }
  walkBlocks(content.blocks, (block, ancestors) => {
    const locals = new Set(["forloop"]);
    for (const ancestor of ancestors) if (ancestor.type === "repeat") locals.add(ancestor.as);
    for (const source of blockSources(block)) add(source, "body", block.id, locals);
  });
  return uses;
}

const CONTACT_BUILTINS = new Set(["email", "userId", "id"]);
const EVENT_BUILTINS = new Set(["name", "properties", "traits", "event", "timestamp"]);

function segments(path: string): string[] {
  return [...path.matchAll(/[^.[\]"']+/g)].map((m) => m[0]);
}

/** Why a variable is unknown, or null when it matches a known trait, event property or built-in. */
function explainUnknown(path: string, known: KnownVariables): string | null {
  const [root, second, third] = segments(path);
  const traits = new Set(known.contactTraits);
  const properties = new Set(known.eventProperties);
  if (root === undefined) return null;
  switch (root) {
    case "contact":
      if (second === undefined || CONTACT_BUILTINS.has(second) || traits.has(second)) return null;
      return `no contact has the trait "${second}"`;
    case "event":
      if (second === undefined || second === "name" || second === "traits") return null;
      if (second === "properties") {
        return third === undefined || properties.has(third) ? null : `no recent event has the property "${third}"`;
      }
      return EVENT_BUILTINS.has(second) || properties.has(second) || traits.has(second)
        ? null
        : `no recent event has the property "${second}"`;
    case "journey":
      return second === undefined || second === "id" || second === "name"
        ? null
        : `journeys have only id and name, not "${second}"`;
    case "workspace":
      if (second === undefined || second === "id" || second === "name" || known.workspaceVariables?.includes(second))
        return null;
      return `no workspace variable "${second}" (add it in Settings → Workspace variables)`;
    case "matchedEvents":
      return null; // keyed by wait node id; what the events carry is only known at send time
    default:
      // `{{ first_name }}`: the top-level shorthand for a contact trait.
      return traits.has(root) || CONTACT_BUILTINS.has(root)
        ? null
        : `"${root}" is not a contact trait or a known variable`;
  }
}

export function findUnknownVariables(uses: readonly VariableUse[], known: KnownVariables): UnknownVariable[] {
  return uses.flatMap((use) => {
    const reason = explainUnknown(use.path, known);
    return reason === null ? [] : [{ ...use, reason }];
  });
}

/** Throws TemplateRenderError naming the field (and block) of the first source that does not parse. */
export function checkTemplateSyntax(content: AnalyzedContent): void {
  checkLiquidSyntax(content.subject, "subject");
  checkLiquidSyntax(content.preheader ?? "", "preheader");
  if (!content.blocks) {
    checkLiquidSyntax(content.body, "body");
    return;
  }
  walkBlocks(content.blocks, (block) => {
    for (const source of blockSources(block)) {
      try {
        checkLiquidSyntax(source, "body");
      } catch (error) {
        if (!(error instanceof TemplateRenderError)) throw error;
        throw new TemplateRenderError("body", `${block.type} block "${block.id}": ${error.message}`, block.id);
      }
    }
  });
}
