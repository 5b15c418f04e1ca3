// The one way the CLI writes JSON: object keys sorted at every depth, two-space indent, a final
// newline — the same content always gives the same bytes, so files diff cleanly in review.
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const inner = (value as Record<string, unknown>)[key];
    // undefined is not JSON: leaving the key out here keeps "absent" and "undefined" one thing.
    if (inner !== undefined) sorted[key] = sortKeysDeep(inner);
  }
  return sorted;
}

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}
