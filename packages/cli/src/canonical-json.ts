// The one way the CLI writes JSON: object keys sorted at every depth, two-space indent, a final
// newline — the same content always gives the same bytes, so files diff cleanly in review.
import { sortKeysDeep } from "@mailstream/journey/same-graph";

export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}
