// What Postgres (and every page that shows an event) can hold, checked once at the edge for
// HTTP and tRPC alike: each problem becomes a 400 issue naming its path, so a bad value never
// reaches a query (where it used to surface as a 500 or a 503 "retry later" that no retry
// could fix). Rules:
// - no NUL (U+0000) in any string or key: text and jsonb columns cannot store it;
// - no lone UTF-16 surrogate: jsonb refuses its escape, text columns would silently turn it
//   into U+FFFD;
// - no key `__proto__`: it would turn into a prototype wherever an object is copied with
//   assignment, and superjson refuses it on the way out; refused rather than stored inertly;
// - at most MAX_NESTING levels of objects and arrays (the event itself is level 1);
// - only JSON values: finite numbers (1e400 parses to Infinity and would be stored as null),
//   and over tRPC no Map, Set, BigInt or class instance (superjson can carry them); a valid
//   Date is allowed, it is stored as its ISO string.
// Walks without recursion, so a body nested 100,000 deep costs a loop, not a stack overflow.
import type { IngestIssue } from "./errors";

export const MAX_NESTING = 64;
/** Issues reported per walked value: enough to fix a payload, bounded for a hostile one. */
export const MAX_ISSUES_PER_VALUE = 10;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;
const MAX_KEY_IN_PATH = 64;

/** Why a string cannot be stored, or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(value)) return "contains a lone UTF-16 surrogate, which is not valid Unicode";
  return null;
}

/** `parent.key`, `parent.3`, or `parent["a.b"]` for a key that would read ambiguously. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return parent ? `${parent}.${key}` : String(key);
  if (PLAIN_KEY.test(key) && key.length <= MAX_KEY_IN_PATH) return parent ? `${parent}.${key}` : key;
  // Any other key is quoted and cut short: the path names a place, it does not echo input.
  const shown = key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
  return `${parent}[${JSON.stringify(shown)}]`;
}

function valueProblem(value: unknown): string | null {
  switch (typeof value) {
    case "string":
      return textProblem(value);
    case "number":
      return Number.isFinite(value) ? null : "must be a finite number";
    case "boolean":
    case "undefined":
      return null;
    case "object":
      if (value === null) return null;
      if (value instanceof Date) return Number.isFinite(value.getTime()) ? null : "is an invalid date";
      return "must be a JSON value (string, number, boolean, null, object or array)";
    default:
      return "must be a JSON value (string, number, boolean, null, object or array)";
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `prefix` + `path` where `path` was found relative to a value at `prefix`. */
export function joinPath(prefix: string, path: string): string {
  if (path === "body" || path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/**
 * Every reason `value` cannot be stored as given, each named by its path under `root`
 * (`properties.a.b`, `batch.3.traits["x.y"]`); empty when it can. `level` is the nesting
 * level of `value` itself inside the event (1 for the event).
 */
export function findUnstorable(value: unknown, root = "", level = 1): IngestIssue[] {
  const issues: IngestIssue[] = [];
  // A key's problem rides the stack as `problem`, so issues come out in document order.
  const stack: { value: unknown; path: string; level: number; problem?: string }[] = [{ value, path: root, level }];
  while (stack.length > 0 && issues.length < MAX_ISSUES_PER_VALUE) {
    const item = stack.pop()!;
    const at = item.path || "body";
    if (item.problem) {
      issues.push({ path: at, message: item.problem });
      continue;
    }
    if (!isContainer(item.value)) {
      const problem = valueProblem(item.value);
      if (problem) issues.push({ path: at, message: problem });
      continue;
    }
    if (item.level > MAX_NESTING) {
      issues.push({ path: at, message: `nests deeper than ${MAX_NESTING} levels of objects and arrays` });
      continue;
    }
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--)
        stack.push({ value: item.value[i], path: childPath(item.path, i), level: item.level + 1 });
      continue;
    }
    const keys = Object.keys(item.value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const path = childPath(item.path, key);
      const textIssue = textProblem(key);
      const keyProblem =
        key === "__proto__"
          ? "__proto__ is not allowed as a property name"
          : textIssue && `the property name ${textIssue}`;
      if (keyProblem) stack.push({ value: undefined, path, level: item.level, problem: keyProblem });
      else stack.push({ value: item.value[key], path, level: item.level + 1 });
    }
  }
  return issues;
}

// timestamptz reaches further, but node-postgres writes a year below 1 in a form Postgres
// refuses, and no event happened before year 1 or after 9999 (ISO 8601's four-digit years).
const EARLIEST_STORABLE_MS = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST_STORABLE_MS = Date.parse("9999-12-31T23:59:59.999Z");

/** Whether a date can be stored in a timestamptz column and shown as an ISO 8601 date-time. */
export function isStorableDate(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_STORABLE_MS && ms <= LATEST_STORABLE_MS;
}
