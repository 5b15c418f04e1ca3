// Which email each arm of a split sends: the first email step reached from the variant's
// outlet (breadth first, so a wait before it does not matter). The panel names arms by it —
// "A" and "B" say nothing; the template and its subject say what is being compared.
import type { JourneyGraph } from "@mailstream/journey/schema";

export interface ArmEmail {
  nodeId: string;
  templateId: string | null;
  /** The template's name and subject now (null when the template is gone or not chosen). */
  templateName: string | null;
  subject: string | null;
}

export function firstEmailAfter(graph: JourneyGraph, splitId: string, outlet: string): string | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const queue = graph.edges.filter((e) => e.source === splitId && e.sourceHandle === outlet).map((e) => e.target);
  const seen = new Set<string>([splitId]);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = byId.get(id);
    if (!node) continue;
    if (node.data.kind === "email") return node.id;
    // Another split decides its own arms; what lies past it is not this arm's email.
    if (node.data.kind === "split") continue;
    for (const edge of graph.edges) if (edge.source === id) queue.push(edge.target);
  }
  return null;
}

export function armEmails(
  graph: JourneyGraph,
  splitId: string,
  variantIds: readonly string[],
  templates: ReadonlyMap<string, { name: string; subject: string }>,
): Map<string, ArmEmail> {
  const emails = new Map<string, ArmEmail>();
  for (const variantId of variantIds) {
    const nodeId = firstEmailAfter(graph, splitId, variantId);
    const node = nodeId ? graph.nodes.find((n) => n.id === nodeId) : undefined;
    if (!node || node.data.kind !== "email") continue;
    const templateId = node.data.templateId;
    const template = templateId ? templates.get(templateId) : undefined;
    emails.set(variantId, {
      nodeId: node.id,
      templateId,
      templateName: template?.name ?? null,
      subject: template?.subject ?? null,
    });
  }
  return emails;
}
