// Publish-time validation of a journey graph: every problem a marketer must fix before the
// graph can compile, each naming the node (kind + id) so the canvas can flag it in place.
// A node's own config is checked by its kind (kinds/<kind>.ts); this module checks the graph.
import { findCycles } from "./graph-cycles";
import type { GraphFacts } from "./kinds/kind";
import { kindOf } from "./kinds/registry";
import { triggerEntryKey } from "./kinds/trigger";
import {
  NODE_KIND_LABELS,
  isAnnotation,
  nodeOutlets,
  type JourneyEdge,
  type JourneyGraph,
  type JourneyNode,
} from "./schema";
import { validateMatchedEventRefs } from "./validate-matched-event";
import { validateSettings } from "./validate-settings";
import { isValidTimeZone } from "./time-of-day";
import type { ValidationCode, ValidationContext, ValidationIssue } from "./validate-types";

export type { ValidationCode, ValidationContext, ValidationIssue } from "./validate-types";

/** `Email node "email-2"`: how every message names a node. */
export function describeNode(node: Pick<JourneyNode, "id" | "data">): string {
  return `${NODE_KIND_LABELS[node.data.kind]} node "${node.id}"`;
}

function describeOutlet(handle: string | null): string {
  return handle === null ? "its outlet" : `its "${handle}" outlet`;
}

function validateNodeConfig(
  node: JourneyNode,
  ctx: ValidationContext,
  facts: GraphFacts,
  issues: ValidationIssue[],
): void {
  const push = (code: ValidationCode, message: string) => issues.push({ nodeId: node.id, code, message });
  kindOf(node.data).validate(node.data, { name: describeNode(node), ctx, facts, push });
}

/** Edge checks; returns the edges whose both ends exist, which the graph checks below walk. */
function validateEdges(
  graph: JourneyGraph,
  nodesById: Map<string, JourneyNode>,
  issues: ValidationIssue[],
): JourneyEdge[] {
  const seenEdgeIds = new Set<string>();
  const usedOutlets = new Map<string, JourneyEdge>();
  const valid: JourneyEdge[] = [];
  for (const edge of graph.edges) {
    if (seenEdgeIds.has(edge.id)) {
      issues.push({
        nodeId: null,
        edgeId: edge.id,
        code: "duplicate_edge_id",
        message: `More than one connection has the id "${edge.id}"`,
      });
      continue;
    }
    seenEdgeIds.add(edge.id);
    const source = nodesById.get(edge.source);
    const target = nodesById.get(edge.target);
    if (!source || !target) {
      const missing = !source ? `source node "${edge.source}"` : `target node "${edge.target}"`;
      issues.push({
        nodeId: source?.id ?? target?.id ?? null,
        edgeId: edge.id,
        code: "dangling_edge",
        message: `Connection "${edge.id}" points to a missing ${missing}; delete the connection`,
      });
      continue;
    }
    const sourceName = describeNode(source);
    const note = [source, target].find((node) => isAnnotation(node.data));
    if (note) {
      issues.push({
        nodeId: note.id,
        edgeId: edge.id,
        code: "annotation_edge",
        message: `${describeNode(note)} is a note, not a step: connection "${edge.id}" cannot lead to or from it; delete the connection`,
      });
      continue;
    }
    if (source.data.kind === "exit") {
      issues.push({
        nodeId: source.id,
        edgeId: edge.id,
        code: "exit_outgoing_edge",
        message: `${sourceName} ends the journey and cannot connect to another node`,
      });
      continue;
    }
    if (!nodeOutlets(source.data).includes(edge.sourceHandle)) {
      issues.push({
        nodeId: source.id,
        edgeId: edge.id,
        code: "unknown_outlet",
        message: `${sourceName} has no outlet "${String(edge.sourceHandle)}"`,
      });
      continue;
    }
    if (target.data.kind === "trigger") {
      issues.push({
        nodeId: target.id,
        edgeId: edge.id,
        code: "trigger_incoming_edge",
        message: `${describeNode(target)} starts the journey and cannot have incoming connections`,
      });
      continue;
    }
    const outletKey = `${source.id}\u0000${edge.sourceHandle ?? ""}`;
    if (usedOutlets.has(outletKey)) {
      issues.push({
        nodeId: source.id,
        edgeId: edge.id,
        code: "multiple_outgoing_edges",
        message: `${sourceName} has more than one connection from ${describeOutlet(edge.sourceHandle)}; keep only one`,
      });
      continue;
    }
    usedOutlets.set(outletKey, edge);
    valid.push(edge);
  }
  return valid;
}

function findReachable(startIds: readonly string[], edges: readonly JourneyEdge[]): Set<string> {
  const out = new Map<string, string[]>();
  for (const edge of edges) out.set(edge.source, [...(out.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>(startIds);
  const queue = [...startIds];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of out.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Every problem in the graph, in a stable order (graph-wide first, then by node order). Empty means publishable. */
export function validateGraph(graph: JourneyGraph, ctx: ValidationContext = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodesById = new Map<string, JourneyNode>();
  for (const node of graph.nodes) {
    if (nodesById.has(node.id)) {
      issues.push({
        nodeId: node.id,
        code: "duplicate_node_id",
        message: `More than one node has the id "${node.id}"; node ids must be unique`,
      });
      continue;
    }
    nodesById.set(node.id, node);
  }
  // Notes stand apart from the journey: every check below is about steps.
  const nodes = [...nodesById.values()].filter((node) => !isAnnotation(node.data));

  const triggers = nodes.filter((node) => node.data.kind === "trigger");
  if (triggers.length === 0) {
    issues.unshift({
      nodeId: null,
      code: "no_trigger",
      message: "The journey has no trigger; add a Trigger node to say which event starts it",
    });
  }
  // Every trigger is flagged, not only the later ones: which to keep is the person's choice,
  // and the first must not look fine while the journey cannot publish.
  if (triggers.length > 1) {
    for (const trigger of triggers) {
      issues.push({
        nodeId: trigger.id,
        code: "multiple_triggers",
        message: `${describeNode(trigger)} is one of ${triggers.length} triggers; a journey has exactly one trigger, delete the others`,
      });
    }
  }

  if (graph.settings) issues.push(...validateSettings(graph.settings));
  const facts: GraphFacts = {
    emailNodeIds: new Set(nodes.filter((node) => node.data.kind === "email").map((node) => node.id)),
    entryKey: triggers[0]?.data.kind === "trigger" ? triggerEntryKey(triggers[0].data) : null,
    hasGoal: Boolean(graph.settings?.goal),
  };
  // A graph's own time zone is the fallback for its waits; an invalid one is reported once,
  // above, as a settings problem rather than again on every until-time wait.
  const nodeCtx: ValidationContext = graph.settings
    ? { ...ctx, fallbackTimeZone: isValidTimeZone(graph.settings.timeZone) ? graph.settings.timeZone : "UTC" }
    : ctx;
  for (const node of nodes) validateNodeConfig(node, nodeCtx, facts, issues);
  const edges = validateEdges(graph, nodesById, issues);
  issues.push(...validateMatchedEventRefs(nodes, edges, nodesById, describeNode));

  // Dangling or rejected edges still count as "connected" here so one mistake is reported once.
  const connectedOutlets = new Set(graph.edges.map((edge) => `${edge.source}\u0000${edge.sourceHandle ?? ""}`));
  const hasOutgoing = new Set(graph.edges.map((edge) => edge.source));
  for (const node of nodes) {
    if (node.data.kind === "exit") continue;
    if (!hasOutgoing.has(node.id)) {
      issues.push({
        nodeId: node.id,
        code: "dead_end",
        message: `${describeNode(node)} leads nowhere; connect it to another node or an Exit`,
      });
      continue;
    }
    // Nodes with several outlets (yes/no, matched/timed out, split variants) need each one connected.
    const outlets = nodeOutlets(node.data);
    if (outlets.length < 2) continue;
    for (const outlet of outlets) {
      if (!connectedOutlets.has(`${node.id}\u0000${outlet ?? ""}`)) {
        issues.push({
          nodeId: node.id,
          code: "dead_end",
          message: `${describeNode(node)} has nothing connected to ${describeOutlet(outlet)}; connect it to another node or an Exit`,
        });
      }
    }
  }

  if (triggers.length > 0) {
    const reachable = findReachable(
      triggers.map((t) => t.id),
      edges,
    );
    for (const node of nodes) {
      if (!reachable.has(node.id)) {
        issues.push({
          nodeId: node.id,
          code: "unreachable",
          message: `${describeNode(node)} cannot be reached from the trigger; connect it or delete it`,
        });
      }
    }
  }

  for (const cycle of findCycles(
    nodes.map((n) => n.id),
    edges,
  )) {
    const path = [...cycle.nodeIds, cycle.nodeIds[0] as string].map((id) =>
      describeNode(nodesById.get(id) as JourneyNode),
    );
    issues.push({
      nodeId: cycle.nodeIds[0] ?? null,
      edgeId: cycle.closingEdgeId,
      code: "cycle",
      message: `These nodes form a loop: ${path.join(" → ")}. Journeys cannot loop back yet; remove one of these connections`,
    });
  }
  return issues;
}

export { parseGraph, type ParseGraphResult } from "./parse";
