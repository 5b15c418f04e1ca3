// "Never `Hi ,`": which variables a send cannot do without, and the check before rendering.
// Required = listed by the author, or printed at the top level of the subject without a
// `| default:` (a subject is too short to survive a missing word).
import { Output } from "liquidjs";
import { findLiquidVariables, MissingVariableError, parseLiquid, resolveLiquidPath, type TemplateField } from "./liquid";

/** Subject variables printed outside any tag and without `| default:`, e.g. `{{ first_name }}`. */
export function findUnguardedVariables(source: string, field: TemplateField = "subject"): string[] {
  const found = new Set<string>();
  for (const node of parseLiquid(source, field)) {
    if (!(node instanceof Output)) continue;
    if (node.value.filters.some((filter) => filter.name === "default")) continue;
    for (const variable of findLiquidVariables(node.token.getText(), field)) found.add(variable);
  }
  return [...found].sort();
}

function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Throws MissingVariableError naming the first variable that is empty in this context. */
export function assertRequiredVariables(
  required: readonly string[],
  subject: string,
  scope: Record<string, unknown>,
): void {
  const checks: [string, TemplateField][] = [
    ...required.map((path): [string, TemplateField] => [path, "body"]),
    ...findUnguardedVariables(subject).map((path): [string, TemplateField] => [path, "subject"]),
  ];
  for (const [path, field] of checks) {
    if (isEmptyValue(resolveLiquidPath(path, scope, field))) throw new MissingVariableError(field, path);
  }
}
