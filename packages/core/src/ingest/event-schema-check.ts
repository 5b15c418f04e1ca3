// Checks an event's properties against its schema's rules (pure). A problem names the
// property path as the HTTP API reports it (`properties.total`) and what is wrong with it.
import type { EventPropertyRule } from "@mailstream/db/queries/event-schemas";
import type { IngestIssue } from "./errors";

export interface EventSchemaRules {
  rules: EventPropertyRule[];
  isStrict: boolean;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function checkRule(rule: EventPropertyRule, value: unknown): string | null {
  if (value === undefined || value === null) return rule.required ? `is required (${rule.type})` : null;
  const actual = typeOf(value);
  if (actual !== rule.type || (rule.type === "number" && !Number.isFinite(value))) {
    return `must be ${rule.type === "array" || rule.type === "object" ? "an" : "a"} ${rule.type}, got ${actual} ${describe(value)}`;
  }
  if (rule.enum && rule.enum.length > 0 && !rule.enum.some((allowed) => allowed === value)) {
    return `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(value)}`;
  }
  const size =
    rule.type === "number"
      ? (value as number)
      : rule.type === "string" || rule.type === "array"
        ? (value as string | unknown[]).length
        : null;
  if (size === null) return null;
  const what = rule.type === "number" ? "" : rule.type === "string" ? " characters long" : " items long";
  if (rule.min !== undefined && size < rule.min)
    return `must be at least ${rule.min}${what}, got ${rule.type === "number" ? size : `${size}`}`;
  if (rule.max !== undefined && size > rule.max)
    return `must be at most ${rule.max}${what}, got ${rule.type === "number" ? size : `${size}`}`;
  return null;
}

/** Every problem of `properties` under `schema` (empty when it conforms). */
export function checkEventProperties(schema: EventSchemaRules, properties: Record<string, unknown>): IngestIssue[] {
  const issues: IngestIssue[] = [];
  for (const rule of schema.rules) {
    const problem = checkRule(rule, Object.hasOwn(properties, rule.name) ? properties[rule.name] : undefined);
    if (problem) issues.push({ path: `properties.${rule.name}`, message: problem });
  }
  if (schema.isStrict) {
    const known = new Set(schema.rules.map((rule) => rule.name));
    for (const name of Object.keys(properties)) {
      if (!known.has(name))
        issues.push({ path: `properties.${name}`, message: "is not in the event's schema (the schema is strict)" });
    }
  }
  return issues;
}
