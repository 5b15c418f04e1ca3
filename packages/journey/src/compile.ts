// Compiler from a validated journey graph to the immutable plan the `journeyRun` workflow
// interprets. Same graph in → deep-equal plan out (steps are emitted in walk order).
import { durationToMs } from "./durations";
import { PLAN_FORMAT, ZPlanSchema, type Plan, type PlanStep } from "./plan";
import type { JourneyEdge, JourneyGraph, JourneyNode } from "./schema";
import { validateGraph, type ValidationContext, type ValidationIssue } from "./validate";

export type CompileResult = { ok: true; plan: Plan } | { ok: false; issues: ValidationIssue[] };

function toStep(node: JourneyNode, next: string | null): PlanStep {
  switch (node.data.kind) {
    case "wait":
      return { kind: "wait", id: node.id, durationMs: durationToMs(node.data.duration), next };
    case "email":
      return { kind: "email", id: node.id, templateId: node.data.templateId as string, next };
    case "exit":
      return { kind: "exit", id: node.id };
    case "trigger":
      throw new Error(`Trigger node "${node.id}" cannot be a step`);
  }
}

/** Validates, then compiles. Never throws for a bad graph: problems come back as issues. */
export function compileGraph(graph: JourneyGraph, ctx: ValidationContext = {}): CompileResult {
  const issues = validateGraph(graph, ctx);
  if (issues.length > 0) return { ok: false, issues };

  const nodesById = new Map(graph.nodes.map((node) => [node.id, node]));
  // Valid graphs have one edge per outlet, so `next` is a plain lookup by source.
  const nextOf = new Map(graph.edges.map((edge: JourneyEdge) => [edge.source, edge.target]));
  const trigger = graph.nodes.find((node) => node.data.kind === "trigger") as JourneyNode;
  if (trigger.data.kind !== "trigger") throw new Error("unreachable: validated graph has a trigger");

  const entry = nextOf.get(trigger.id) as string;
  const steps: Record<string, PlanStep> = {};
  // Walk from the entry; validation guarantees no cycles and every node reachable.
  const queue = [entry];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (Object.hasOwn(steps, id)) continue;
    const next = nextOf.get(id) ?? null;
    steps[id] = toStep(nodesById.get(id) as JourneyNode, next);
    if (next !== null) queue.push(next);
  }

  const plan: Plan = {
    format: PLAN_FORMAT,
    trigger: {
      nodeId: trigger.id,
      event: trigger.data.event.trim(),
      filters: trigger.data.filters.map((filter) => ({ ...filter })),
    },
    entry,
    steps,
  };
  // Parsing the result guards the compiler itself: a plan the workflow cannot read is never stored.
  return { ok: true, plan: ZPlanSchema.parse(plan) };
}
