// The one way the CLI writes JSON: object keys sorted at every depth, two-space indent, a final
// newline — the same content always gives the same bytes, so files diff cleanly in review.
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== "object") return value;
  // fromEntries defines own properties, so a key such as "__proto__" (JSON allows it) stays data.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      // undefined is not JSON: leaving the key out here keeps "absent" and "undefined" one thing.
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
  );
}

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}
