// Compiler from a validated journey graph to the immutable plan the `journeyRun` workflow
// interprets. Same graph in → deep-equal plan out (steps are emitted in walk order). Each
// node kind compiles its own step (kinds/<kind>.ts).
import { durationToMs } from "./durations";
import type { NextOf } from "./kinds/kind";
import { kindOf } from "./kinds/registry";
import { PLAN_FORMAT, ZPlanSchema, stepSuccessors, type Plan, type PlanSettings, type PlanStep } from "./plan";
import type { EventMatcher, JourneyEdge, JourneyGraph, JourneyNode, JourneySettings } from "./schema";
import { validateGraph, type ValidationContext, type ValidationIssue } from "./validate";

export type CompileResult = { ok: true; plan: Plan } | { ok: false; issues: ValidationIssue[] };

function compileMatcher(matcher: EventMatcher): { event: string; filters: EventMatcher["filters"] } {
  return { event: matcher.event.trim(), filters: matcher.filters.map((filter) => ({ ...filter })) };
}

function compileSettings(settings: JourneySettings): PlanSettings {
  const { goal, quietHours, frequencyCap } = settings;
  return {
    goal: goal ? { ...compileMatcher(goal), windowMs: durationToMs(goal.window) } : null,
    exitCriteria: settings.exitCriteria.map(compileMatcher),
    quietHours: quietHours ? { start: quietHours.start, end: quietHours.end } : null,
    frequencyCap: frequencyCap
      ? { maxEmails: frequencyCap.maxEmails, periodMs: durationToMs(frequencyCap.period) }
      : null,
    timeZone: settings.timeZone,
  };
}

/** The trigger part of the plan; entry-rule fields only when the graph has them, so older graphs compile as before. */
function compileTrigger(trigger: JourneyNode): Plan["trigger"] {
  if (trigger.data.kind !== "trigger") throw new Error("unreachable: not a trigger");
  const { data } = trigger;
  const entryKey = data.entry?.entryKey?.trim();
  return {
    nodeId: trigger.id,
    ...(data.source === "segment" ? { source: "segment" as const, segmentId: data.segmentId } : {}),
    event: data.source === "segment" ? "" : data.event.trim(),
    filters: data.source === "segment" ? [] : data.filters.map((filter) => ({ ...filter })),
    ...(data.entry ? { reentry: data.entry.reentry } : {}),
    ...(data.entry?.cooldown ? { cooldownMs: durationToMs(data.entry.cooldown) } : {}),
    ...(entryKey ? { entryKey } : {}),
  };
}

function toStep(node: JourneyNode, nextOf: NextOf, ctx: ValidationContext): PlanStep {
  const { compile } = kindOf(node.data);
  if (!compile) throw new Error(`${node.data.kind} node "${node.id}" cannot be a step`);
  return compile(node.data, { id: node.id, next: nextOf(node.id, null), nextOf, ctx });
}

/** Validates, then compiles. Never throws for a bad graph: problems come back as issues. */
export function compileGraph(graph: JourneyGraph, ctx: ValidationContext = {}): CompileResult {
  const issues = validateGraph(graph, ctx);
  if (issues.length > 0) return { ok: false, issues };
  // The journey's own zone is the fallback of its until-time waits; ctx's serves graphs without settings.
  const stepCtx: ValidationContext = graph.settings ? { ...ctx, fallbackTimeZone: graph.settings.timeZone } : ctx;

  const nodesById = new Map(graph.nodes.map((node) => [node.id, node]));
  // Valid graphs have one edge per outlet, so `next` is a plain lookup by (source, outlet).
  const targets = new Map(
    graph.edges.map((edge: JourneyEdge) => [`${edge.source}\u0000${edge.sourceHandle ?? ""}`, edge.target]),
  );
  const nextOf: NextOf = (nodeId, handle) => targets.get(`${nodeId}\u0000${handle ?? ""}`) ?? null;
  const trigger = graph.nodes.find((node) => node.data.kind === "trigger") as JourneyNode;
  if (trigger.data.kind !== "trigger") throw new Error("unreachable: validated graph has a trigger");

  const entry = nextOf(trigger.id, null) as string;
  const steps: Record<string, PlanStep> = {};
  // Walk from the entry; validation guarantees no cycles and every node reachable.
  const queue = [entry];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (Object.hasOwn(steps, id)) continue;
    const step = toStep(nodesById.get(id) as JourneyNode, nextOf, stepCtx);
    steps[id] = step;
    for (const next of stepSuccessors(step)) if (next !== null) queue.push(next);
  }

  const plan: Plan = {
    format: PLAN_FORMAT,
    trigger: compileTrigger(trigger),
    ...(graph.settings ? { settings: compileSettings(graph.settings) } : {}),
    entry,
    steps,
  };
  // Parsing the result guards the compiler itself: a plan the workflow cannot read is never stored.
  return { ok: true, plan: ZPlanSchema.parse(plan) };
}
