// Where a run went on its version's graph, for the run-path canvas: the nodes it reached (in
// log order, with the state of the last visit) and the edges between consecutive ones. Rows
// that are not graph nodes (goal, exit criterion) and drill-down control rows are left out.
import type { RunPathStep } from "@mailstream/journey/run-path";
import type { JourneyGraph } from "@mailstream/journey/schema";

export interface NodeVisit {
  /** Positions in the run's path (1-based, graph nodes only) at which it reached this node. */
  order: number[];
  state: RunPathStep["state"];
  outcome: string;
}

function pathOf(steps: readonly RunPathStep[], graph: JourneyGraph): RunPathStep[] {
  const nodeIds = new Set(graph.nodes.map((node) => node.id));
  // A wait writes two rows (waiting, then matched / timed out): one visit.
  return steps.filter(
    (step, i) => nodeIds.has(step.nodeId) && step.kind !== "run_control" && steps[i - 1]?.nodeId !== step.nodeId,
  );
}

export function visitsOf(steps: readonly RunPathStep[], graph: JourneyGraph): Map<string, NodeVisit> {
  const visits = new Map<string, NodeVisit>();
  const nodeIds = new Set(graph.nodes.map((node) => node.id));
  pathOf(steps, graph).forEach((step, index) => {
    const seen = visits.get(step.nodeId);
    visits.set(step.nodeId, { order: [...(seen?.order ?? []), index + 1], state: step.state, outcome: "" });
  });
  // The outcome of a node's last row (a wait's "timed out" after its "waiting", or the
  // drill-down's "continued"); the state of its last step row.
  for (const step of steps) {
    const visit = visits.get(step.nodeId);
    if (!visit || !nodeIds.has(step.nodeId)) continue;
    if (step.kind !== "run_control") visit.state = step.state;
    visit.outcome = step.outcome.replace(/_/g, " ");
  }
  return visits;
}

/** Edges the run took, as `<source>><target>`. */
export function takenEdges(steps: readonly RunPathStep[], graph: JourneyGraph): Set<string> {
  const path = pathOf(steps, graph).map((step) => step.nodeId);
  const taken = new Set<string>();
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}>${path[i]}`);
  return taken;
}
