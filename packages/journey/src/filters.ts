// Property filters on events: does an event (Segment-shaped record) satisfy every filter?
// Used by the dispatcher to match journey triggers; pure so the canvas can preview matches.
import type { PropertyFilter } from "./schema";

type Primitive = string | number | boolean;

/** Reads a dot path (`properties.plan`, `properties.items.0.sku`) through own properties only. */
export function readPath(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    // Own properties only: a path like `constructor` or `__proto__` must not reach the prototype.
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isPrimitive(value: unknown): value is Primitive {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

// Loose on type because the inspector form types a value as text: "5" matches 5, "true" matches true.
function looselyEquals(actual: unknown, expected: Primitive | undefined): boolean {
  if (expected === undefined || !isPrimitive(actual)) return false;
  if (actual === expected) return true;
  return typeof actual !== typeof expected && String(actual) === String(expected);
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

// Numbers (or numeric strings) compare numerically; other strings lexically, which orders ISO dates.
function compare(actual: unknown, expected: Primitive | undefined): number | null {
  if (expected === undefined) return null;
  const a = toNumber(actual);
  const b = toNumber(expected);
  if (a !== null && b !== null) return a - b;
  if (typeof actual === "string" && typeof expected === "string")
    return actual < expected ? -1 : actual > expected ? 1 : 0;
  return null;
}

/**
 * "Any case" folds both sides the same way: NFC, then lower, upper and lower case again
 * (JavaScript's full Unicode mappings, no locale). So "STRASSE", "Straße" and "STRAẞE" are
 * equal (ß and ẞ upper-case to SS), final ς equals σ, and "İ" (dotted capital I) equals "i̇"
 * (i + combining dot) but not a plain "i": Unicode full case folding without the Turkic rule.
 * Numbers and booleans compare by their text. docs/segments.md, "Operators", lists the cases.
 */
export function foldCase(text: string): string {
  return text.normalize("NFC").toLowerCase().toUpperCase().toLowerCase();
}

function equalsAnyCase(actual: unknown, expected: Primitive | undefined): boolean {
  if (expected === undefined || !isPrimitive(actual)) return false;
  return foldCase(String(actual)) === foldCase(String(expected));
}

function containsAnyCase(actual: unknown, expected: Primitive | undefined): boolean {
  if (expected === undefined) return false;
  if (typeof actual === "string") return foldCase(actual).includes(foldCase(String(expected)));
  if (Array.isArray(actual)) return actual.some((item) => equalsAnyCase(item, expected));
  return false;
}

export function matchesFilter(event: Record<string, unknown>, filter: PropertyFilter): boolean {
  const actual = readPath(event, filter.path);
  switch (filter.op) {
    case "exists":
      return actual !== undefined && actual !== null;
    case "not_exists":
      return actual === undefined || actual === null;
    case "eq":
      return looselyEquals(actual, filter.value);
    case "neq":
      return !looselyEquals(actual, filter.value);
    case "contains":
      if (filter.value === undefined) return false;
      if (typeof actual === "string") return actual.includes(String(filter.value));
      if (Array.isArray(actual)) return actual.some((item) => looselyEquals(item, filter.value));
      return false;
    case "eq_any_case":
      return equalsAnyCase(actual, filter.value);
    case "contains_any_case":
      return containsAnyCase(actual, filter.value);
    case "gt": {
      const c = compare(actual, filter.value);
      return c !== null && c > 0;
    }
    case "lt": {
      const c = compare(actual, filter.value);
      return c !== null && c < 0;
    }
  }
}

/** True when the event satisfies every filter (an empty list matches everything). */
export function matchesFilters(event: Record<string, unknown>, filters: readonly PropertyFilter[]): boolean {
  return filters.every((filter) => matchesFilter(event, filter));
}
