// The canvas during a test run: nodes the run reached get a ring, the rest fade, and an edge
// is lit when the run went from its source to its target (both reached). The drawing itself is
// not changed: only the classes React Flow puts on the node and edge wrappers.
import type { Edge, Node } from "@xyflow/react";
import styles from "./test-run-panel.module.css";

export function highlightPath<N extends Node, E extends Edge>(
  nodes: N[],
  edges: E[],
  path: ReadonlySet<string> | null,
): { nodes: N[]; edges: E[] } {
  if (!path) return { nodes, edges };
  return {
    // The plain names beside the module's are stable hooks for e2e specs.
    nodes: nodes.map((node) => ({
      ...node,
      className: path.has(node.id) ? `${styles.onPath} on-test-path` : `${styles.offPath} off-test-path`,
    })),
    edges: edges.map((edge) =>
      path.has(edge.source) && path.has(edge.target) ? { ...edge, className: styles.edgeOnPath } : edge,
    ),
  };
}
