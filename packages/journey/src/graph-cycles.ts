// Cycle detection over journey edges (iterative DFS, stable order) for validation.
import type { JourneyEdge } from "./schema";

export type Cycle = {
  /** Nodes on the loop in edge order, starting at the node the closing edge returns to. */
  nodeIds: string[];
  /** The edge that closes the loop: removing it breaks this cycle. */
  closingEdgeId: string;
};

/** One entry per distinct loop reachable by DFS in node order; the same node set is reported once. */
export function findCycles(nodeIds: readonly string[], edges: readonly JourneyEdge[]): Cycle[] {
  const out = new Map<string, JourneyEdge[]>();
  for (const edge of edges) out.set(edge.source, [...(out.get(edge.source) ?? []), edge]);

  const state = new Map<string, "active" | "done">();
  const cycles: Cycle[] = [];
  const seenSets = new Set<string>();

  for (const root of nodeIds) {
    if (state.has(root)) continue;
    // Explicit stack instead of recursion: a long drawn chain must not overflow the call stack.
    const path: string[] = [root];
    const cursor: number[] = [0];
    state.set(root, "active");
    while (path.length > 0) {
      const nodeId = path[path.length - 1] as string;
      const outgoing = out.get(nodeId) ?? [];
      const index = cursor[cursor.length - 1] as number;
      if (index >= outgoing.length) {
        state.set(nodeId, "done");
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = index + 1;
      const edge = outgoing[index] as JourneyEdge;
      const targetState = state.get(edge.target);
      if (targetState === "active") {
        const loop = path.slice(path.indexOf(edge.target));
        const key = [...loop].sort().join("\u0000");
        if (!seenSets.has(key)) {
          seenSets.add(key);
          cycles.push({ nodeIds: loop, closingEdgeId: edge.id });
        }
      } else if (targetState === undefined) {
        state.set(edge.target, "active");
        path.push(edge.target);
        cursor.push(0);
      }
    }
  }
  return cycles;
}
