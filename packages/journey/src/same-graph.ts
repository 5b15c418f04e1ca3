// "The same content" for JSON values and journey graphs: keys sorted at every depth, so the
// order an editor or a file wrote them in does not count. The CLI writes its files with it
// (canonical-json.ts) and a push leaves a draft or live version alone when it is the same graph.
import type { JourneyGraph } from "./schema";

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

/** Whether two JSON values hold the same content, whatever their key order. */
export function isSameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeysDeep(a)) === JSON.stringify(sortKeysDeep(b));
}

/** The graph without its order: nodes and edges by id, keys sorted (what "the same graph" means). */
export function isSameGraph(a: JourneyGraph | null | undefined, b: JourneyGraph): boolean {
  if (!a) return false;
  const key = (graph: JourneyGraph) => ({
    nodes: [...graph.nodes].sort((x, y) => x.id.localeCompare(y.id)),
    edges: [...graph.edges].sort((x, y) => x.id.localeCompare(y.id)),
    settings: graph.settings ?? null,
  });
  return isSameJson(key(a), key(b));
}
