// Ready-made graphs: the seeded "Welcome" journey and small shapes that tests and the
// canvas's "new journey" start from. Plain data, no I/O.
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeData } from "./schema";

function node(id: string, data: NodeData, y: number): JourneyNode {
  return { id, position: { x: 0, y }, data };
}

function edge(source: string, target: string): JourneyEdge {
  return { id: `${source}->${target}`, source, target, sourceHandle: null };
}

/** trigger → email → wait → email → exit, node ids stable so metrics per node survive re-seeding. */
export function buildWelcomeGraph(templates: { welcome: string; gettingStarted: string }, waitMinutes = 1): JourneyGraph {
  const nodes = [
    node("trigger", { kind: "trigger", event: "signed_up", filters: [] }, 0),
    node("email-welcome", { kind: "email", templateId: templates.welcome }, 150),
    node("wait-1", { kind: "wait", duration: { amount: waitMinutes, unit: "minutes" } }, 300),
    node("email-getting-started", { kind: "email", templateId: templates.gettingStarted }, 450),
    node("exit", { kind: "exit" }, 600),
  ];
  const edges = nodes.slice(1).map((next, i) => edge((nodes[i] as JourneyNode).id, next.id));
  return { nodes, edges };
}

/** A fresh draft: a trigger with no event yet and an exit, not connected (not publishable on purpose). */
export function buildEmptyGraph(): JourneyGraph {
  return {
    nodes: [node("trigger", { kind: "trigger", event: "", filters: [] }, 0), node("exit", { kind: "exit" }, 300)],
    edges: [],
  };
}
