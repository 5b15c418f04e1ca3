// Compiler from a validated journey graph to the immutable plan the `journeyRun` workflow
// interprets. Same graph in → deep-equal plan out (steps are emitted in walk order).
import { durationToMs } from "./durations";
import { PLAN_FORMAT, ZPlanSchema, stepSuccessors, type Plan, type PlanCondition, type PlanSettings, type PlanStep } from "./plan";
import { BRANCH_ELSE_OUTLET, type Condition, type EventMatcher, type JourneyEdge, type JourneyGraph, type JourneyNode, type JourneySettings, type Predicate } from "./schema";
import { validateGraph, type ValidationContext, type ValidationIssue } from "./validate";

export type CompileResult = { ok: true; plan: Plan } | { ok: false; issues: ValidationIssue[] };

/** Target of the edge leaving `nodeId` through `handle` (null = the single unnamed outlet). */
type NextOf = (nodeId: string, handle: string | null) => string | null;

function compilePredicate(predicate: Predicate): PlanCondition["groups"][number]["predicates"][number] {
  switch (predicate.type) {
    case "event_count":
      return {
        type: "event_count",
        event: predicate.event.trim(),
        filters: predicate.filters.map((filter) => ({ ...filter })),
        comparison: predicate.comparison,
        count: predicate.count,
        withinMs: durationToMs(predicate.within),
      };
    case "not_performed_since_entry":
      return { type: predicate.type, event: predicate.event.trim(), filters: predicate.filters.map((filter) => ({ ...filter })) };
    case "trait":
    case "trigger":
      return { type: predicate.type, path: predicate.path.trim(), op: predicate.op, value: predicate.value };
    case "matched_event":
      return { type: predicate.type, nodeId: predicate.nodeId, path: predicate.path.trim(), op: predicate.op, value: predicate.value };
    case "email_engagement":
    case "segment":
      return { ...predicate };
  }
}

function compileCondition(condition: Condition): PlanCondition {
  return {
    match: condition.match,
    groups: condition.groups
      .filter((group) => group.predicates.length > 0)
      .map((group) => ({ match: group.match, predicates: group.predicates.map(compilePredicate) })),
  };
}

function compileMatcher(matcher: EventMatcher): { event: string; filters: EventMatcher["filters"] } {
  return { event: matcher.event.trim(), filters: matcher.filters.map((filter) => ({ ...filter })) };
}

function compileSettings(settings: JourneySettings): PlanSettings {
  const { goal, quietHours, frequencyCap } = settings;
  return {
    goal: goal ? { ...compileMatcher(goal), windowMs: durationToMs(goal.window) } : null,
    exitCriteria: settings.exitCriteria.map(compileMatcher),
    quietHours: quietHours ? { start: quietHours.start, end: quietHours.end } : null,
    frequencyCap: frequencyCap ? { maxEmails: frequencyCap.maxEmails, periodMs: durationToMs(frequencyCap.period) } : null,
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
  const { data, id } = node;
  const next = nextOf(id, null);
  switch (data.kind) {
    case "wait":
      switch (data.mode ?? "duration") {
        case "duration":
          return { kind: "wait", id, durationMs: durationToMs(data.duration), next };
        case "until_time": {
          const config = data.untilTime as NonNullable<typeof data.untilTime>;
          return { kind: "wait_until_time", id, time: config.time, weekdays: [...config.weekdays], fallbackTimeZone: ctx.fallbackTimeZone ?? "UTC", next };
        }
        case "until_date": {
          const config = data.untilDate as NonNullable<typeof data.untilDate>;
          return { kind: "wait_until_date", id, source: config.source, path: config.path.trim(), offsetMs: durationToMs(config.offset), next };
        }
        case "until_event": {
          const config = data.untilEvent as NonNullable<typeof data.untilEvent>;
          return {
            kind: "wait_until_event",
            id,
            event: config.event.trim(),
            filters: config.filters.map((filter) => ({ ...filter })),
            matchOnEntryKey: config.matchOnEntryKey,
            timeoutMs: durationToMs(config.timeout),
            matched: nextOf(id, "matched"),
            timedOut: nextOf(id, "timed_out"),
          };
        }
      }
      throw new Error(`unreachable: wait mode of "${id}"`);
    case "branch":
      if (data.cases && data.cases.length > 0) {
        return {
          kind: "branch_cases",
          id,
          cases: data.cases.map((branchCase) => ({ id: branchCase.id, condition: compileCondition(branchCase.condition), next: nextOf(id, branchCase.id) })),
          else: nextOf(id, BRANCH_ELSE_OUTLET),
        };
      }
      return { kind: "branch", id, condition: compileCondition(data.condition), yes: nextOf(id, "yes"), no: nextOf(id, "no") };
    case "split":
      return {
        kind: "split",
        id,
        variants: data.variants.map((variant) => ({ id: variant.id, weight: variant.weight, next: nextOf(id, variant.id) })),
        holdoutPercent: data.holdoutPercent,
        // Read by the automatic-winner checker (the dispatcher), never by the workflow.
        ...(data.autoWinner?.enabled ? { autoWinner: structuredClone(data.autoWinner) } : {}),
      };
    case "webhook":
      return { kind: "webhook", id, method: data.method, url: data.url.trim(), headers: data.headers.map((h) => ({ ...h })), body: data.body, next };
    case "update_contact":
      return {
        kind: "update_contact",
        id,
        updates: data.updates.map((update) =>
          update.op === "set" ? { op: "set", trait: update.trait.trim(), value: update.value, as: update.as } : { op: "unset", trait: update.trait.trim() },
        ),
        next,
      };
    case "email":
      return {
        kind: "email",
        id,
        templateId: data.templateId as string,
        // Only when set, so plans of graphs drawn before topics existed stay unchanged.
        ...(data.topicId !== undefined ? { topicId: data.topicId } : {}),
        ...(data.transactional ? { transactional: true } : {}),
        next,
      };
    case "exit":
      return { kind: "exit", id };
    case "trigger":
      throw new Error(`Trigger node "${id}" cannot be a step`);
  }
}

/** Validates, then compiles. Never throws for a bad graph: problems come back as issues. */
export function compileGraph(graph: JourneyGraph, ctx: ValidationContext = {}): CompileResult {
  const issues = validateGraph(graph, ctx);
  if (issues.length > 0) return { ok: false, issues };
  // The journey's own zone is the fallback of its until-time waits; ctx's serves graphs without settings.
  const stepCtx: ValidationContext = graph.settings ? { ...ctx, fallbackTimeZone: graph.settings.timeZone } : ctx;

  const nodesById = new Map(graph.nodes.map((node) => [node.id, node]));
  // Valid graphs have one edge per outlet, so `next` is a plain lookup by (source, outlet).
  const targets = new Map(graph.edges.map((edge: JourneyEdge) => [`${edge.source}\u0000${edge.sourceHandle ?? ""}`, edge.target]));
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
