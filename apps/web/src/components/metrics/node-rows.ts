// Turns a journey graph into the metrics table's rows: nodes in walk order from the trigger
// (how a marketer reads the flow), each with a human label.
import { formatDuration } from "@mailstream/journey/durations";
import { NODE_KIND_LABELS, isAnnotation, type JourneyGraph, type JourneyNode } from "@mailstream/journey/schema";

export interface NodeRow {
  id: string;
  kind: JourneyNode["data"]["kind"];
  label: string;
}

function labelOf(node: JourneyNode, templateNames: ReadonlyMap<string, string>): string {
  const { data } = node;
  switch (data.kind) {
    case "trigger":
      return data.event ? `When “${data.event}” happens` : "Trigger";
    case "wait":
      return `Wait ${formatDuration(data.duration)}`;
    case "email": {
      const name = data.templateId ? templateNames.get(data.templateId) : undefined;
      return name ? `Send “${name}”` : "Send email";
    }
    case "exit":
      return "Exit";
    default:
      // Kinds added by the journey engine (branch, split, webhook, update contact).
      return NODE_KIND_LABELS[data.kind];
  }
}

export function orderNodeRows(graph: JourneyGraph, templateNames: ReadonlyMap<string, string>): NodeRow[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const queue = graph.nodes.filter((node) => node.data.kind === "trigger").map((node) => node.id);
  const ordered: JourneyNode[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const node = byId.get(id);
    if (!node || seen.has(id)) continue;
    seen.add(id);
    ordered.push(node);
    queue.push(...(outgoing.get(id) ?? []));
  }
  // Nodes not reachable from the trigger still get a row (a live graph never has them, but be
  // safe); sticky notes are not steps and never have counts.
  for (const node of graph.nodes) if (!seen.has(node.id) && !isAnnotation(node.data)) ordered.push(node);
  return ordered.map((node) => ({ id: node.id, kind: node.data.kind, label: labelOf(node, templateNames) }));
}
