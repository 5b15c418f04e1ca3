// Branch rules that read a matched event must name an until-event wait that comes before the
// branch (on some path from the trigger): otherwise no run could ever have that event. Checked
// over the graph's valid edges, after the per-node checks, naming the branch and the rule.
import type { JourneyEdge, JourneyNode, Predicate } from "./schema";
import type { ValidationIssue } from "./validate-types";

/** Until-event waits from which `nodeId` can be reached (its upstream, excluding itself). */
function findUpstreamWaits(
  nodeId: string,
  edges: readonly JourneyEdge[],
  nodesById: ReadonlyMap<string, JourneyNode>,
): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const edge of edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>();
  const queue = [...(incoming.get(nodeId) ?? [])];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(incoming.get(id) ?? []));
  }
  return new Set(
    [...seen].filter((id) => {
      const data = nodesById.get(id)?.data;
      return data?.kind === "wait" && data.mode === "until_event";
    }),
  );
}

/** Every matched-event rule of a branch, with where it sits (for the message). */
function matchedEventRules(
  node: JourneyNode,
): { where: string; predicate: Extract<Predicate, { type: "matched_event" }> }[] {
  if (node.data.kind !== "branch") return [];
  const conditions =
    node.data.cases && node.data.cases.length > 0
      ? node.data.cases.map((branchCase, index) => ({
          prefix: `case "${branchCase.name.trim() || branchCase.id.trim() || String(index + 1)}": `,
          condition: branchCase.condition,
        }))
      : [{ prefix: "", condition: node.data.condition }];
  return conditions.flatMap(({ prefix, condition }) =>
    condition.groups.flatMap((group, g) =>
      group.predicates.flatMap((predicate, p) =>
        predicate.type === "matched_event" ? [{ where: `${prefix}group ${g + 1}, rule ${p + 1}`, predicate }] : [],
      ),
    ),
  );
}

export function validateMatchedEventRefs(
  nodes: readonly JourneyNode[],
  edges: readonly JourneyEdge[],
  nodesById: ReadonlyMap<string, JourneyNode>,
  describeNode: (node: JourneyNode) => string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const node of nodes) {
    const rules = matchedEventRules(node);
    if (rules.length === 0) continue;
    const upstream = findUpstreamWaits(node.id, edges, nodesById);
    for (const { where, predicate } of rules) {
      const prefix = `${describeNode(node)}: ${where}`;
      const push = (message: string) =>
        issues.push({ nodeId: node.id, code: "condition_invalid", message: `${prefix} ${message}` });
      if (upstream.size === 0)
        push(
          'reads a matched event, but no "Wait until event" node comes before this branch; add one or use another rule',
        );
      else if (predicate.nodeId.trim() === "")
        push('needs the "Wait until event" node whose matched event it reads; choose one');
      else if (!upstream.has(predicate.nodeId)) {
        const target = nodesById.get(predicate.nodeId);
        const what = target
          ? `${describeNode(target)}, which is not a "Wait until event" node before this branch`
          : `"${predicate.nodeId}", which is not a node of this journey`;
        push(`reads the event matched by ${what}; choose one of ${[...upstream].map((id) => `"${id}"`).join(", ")}`);
      }
    }
  }
  return issues;
}
