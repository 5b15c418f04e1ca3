// Plain-language lines for one recorded run step: what was decided and from which inputs
// (branch predicates with the values read, the split bucket, a wait's outcome, why a send
// was deferred or skipped). Reads the step's `detail` defensively: it is jsonb written by
// the workflow, and older runs recorded less.
import { formatDurationMs } from "@mailstream/journey/durations";
import type { StepState } from "@mailstream/journey/run-path";
import type { Condition, JourneyGraph, JourneyNode, Predicate } from "@mailstream/journey/schema";
import { summarizePredicate } from "@/components/canvas/nodes/predicate-summary";

export interface RunStep {
  seq: number;
  nodeId: string;
  kind: string;
  outcome: string;
  detail: unknown;
  at: Date | string;
  /** From the run path (@mailstream/journey/run-path): a pause the run went past reads in the past tense. */
  state?: StepState;
}

type Detail = Record<string, unknown>;

function asRecord(value: unknown): Detail {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Detail) : {};
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

function when(value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") return "?";
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? String(value)
    : date
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC");
}

function ms(value: unknown): string {
  return typeof value === "number" ? formatDurationMs(value) : "?";
}

function flatten(condition: Condition | undefined): Predicate[] {
  return condition?.groups.flatMap((group) => group.predicates) ?? [];
}

/** One line per evaluated predicate: ✓/✗, the rule as the canvas shows it, and the value read. */
function describePredicates(outcomes: unknown, condition: Condition | undefined, prefix = ""): string[] {
  if (!Array.isArray(outcomes)) return [];
  const rules = flatten(condition);
  return outcomes.map((raw, index) => {
    const outcome = asRecord(raw);
    const rule = rules[index];
    const label = rule ? summarizePredicate(rule) : String(outcome.type ?? "rule");
    return `${prefix}${outcome.result === true ? "✓" : "✗"} ${label} — read ${text(outcome.input)}`;
  });
}

function describeBranch(step: RunStep, detail: Detail, node: JourneyNode | undefined): string[] {
  const data = node?.data.kind === "branch" ? node.data : undefined;
  if (Array.isArray(detail.cases)) {
    const lines = detail.cases.flatMap((raw) => {
      const evaluated = asRecord(raw);
      const branchCase = data?.cases?.find((c) => c.id === evaluated.caseId);
      const name = branchCase?.name.trim() || String(evaluated.caseId);
      return describePredicates(evaluated.predicates, branchCase?.condition, `${name}: `);
    });
    const taken = data?.cases?.find((c) => c.id === step.outcome)?.name.trim() || step.outcome;
    return [`took ${step.outcome === "else" ? "else (no case held)" : `case "${taken}"`}`, ...lines];
  }
  return [
    `condition ${step.outcome === "yes" ? "held → yes" : "did not hold → no"}`,
    ...describePredicates(detail.predicates, data?.condition),
  ];
}

/** What a recorded pause was, told in the tense of its state: still waiting, over, or cut short. */
function describePause(step: RunStep, detail: Detail): string {
  const zone = typeof detail.timeZone === "string" ? ` (${detail.timeZone})` : "";
  if (step.state === "done") {
    if (typeof detail.event === "string") return `waited for ${detail.event} (timeout ${ms(detail.timeoutMs)})`;
    if (typeof detail.durationMs === "number") return `paused for ${ms(detail.durationMs)}`;
    return `waited until ${when(detail.targetAt)}${zone}`;
  }
  const pause =
    typeof detail.event === "string"
      ? `waiting for ${detail.event} (timeout ${ms(detail.timeoutMs)})`
      : typeof detail.durationMs === "number"
        ? `pausing for ${ms(detail.durationMs)}`
        : `waiting until ${when(detail.targetAt)}${zone}`;
  return step.state === "cut_short" ? `${pause}: cut short when the run ended` : pause;
}

function describeWait(step: RunStep, detail: Detail): string[] {
  switch (step.outcome) {
    case "waiting":
      return [describePause(step, detail)];
    case "matched":
      return [`${String(detail.event ?? "event")} arrived at ${when(detail.timestamp)}`];
    case "timed_out":
      return [`no matching event within ${ms(detail.timeoutMs)}`];
    case "continued":
      if (detail.targetAt) return [`${when(detail.targetAt)} had already passed`];
      return [typeof detail.reason === "string" ? `${detail.reason}; continued` : "nothing to wait for; continued"];
    default:
      return [];
  }
}

function describeEmail(step: RunStep, detail: Detail): string[] {
  if (step.outcome === "deferred") {
    const rule =
      detail.rule === "quiet_hours"
        ? "quiet hours"
        : detail.rule === "frequency_cap"
          ? "the frequency cap"
          : String(detail.rule ?? "a rule");
    return [`deferred by ${rule} until ${when(detail.until)}`, ...(detail.reason ? [String(detail.reason)] : [])];
  }
  if (step.outcome === "skipped") return [`not sent: ${String(detail.reason ?? "no reason recorded")}`];
  if (step.outcome === "suppressed") return [`not sent: ${String(detail.reason ?? "address suppressed")}`];
  if (typeof detail.error === "string") return [`failed: ${detail.error}`];
  return typeof detail.messageId === "string" ? [`message ${detail.messageId}`] : [];
}

/** A drill-down action the run applied (RUN_CONTROLS_PATCH): what, where to, and who asked. */
function describeRunControl(outcome: string, detail: Record<string, unknown>, graph: JourneyGraph | undefined): string {
  const by = typeof detail.by === "string" ? ` by ${detail.by}` : "";
  const to = typeof detail.to === "string" ? detail.to : "";
  const toKind = graph?.nodes.find((n) => n.id === to)?.data.kind;
  switch (outcome) {
    case "continued":
      return `wait skipped ("continue now")${by}`;
    case "moved":
      return `moved to ${toKind ? `${toKind} ` : ""}${to}${by}`;
    case "ended":
      return `run ended here${by}`;
    default:
      return `${String(detail.action ?? "action")} not applied: ${String(detail.why ?? outcome)}${by}`;
  }
}

/** The lines shown under a step in the run inspector; `graph` is the version the run is pinned to. */
export function describeStep(step: RunStep, graph: JourneyGraph | undefined): string[] {
  const detail = asRecord(step.detail);
  const node = graph?.nodes.find((n) => n.id === step.nodeId);
  switch (step.kind) {
    case "branch":
      return describeBranch(step, detail, node);
    case "split": {
      if (step.outcome === "holdout") return [`bucket ${String(detail.bucket)} → held out (left the journey)`];
      // SPLIT_WINNER_PATCH: a declared winner overrides the hash (the hold-out above never is).
      if (detail.routedBy === "winner") {
        const winner = (detail.winner ?? {}) as { source?: unknown; declaredAt?: unknown };
        const how = winner.source === "automatic" ? "automatically" : "by a person";
        const when =
          typeof winner.declaredAt === "string" ? ` on ${winner.declaredAt.slice(0, 16).replace("T", " ")} UTC` : "";
        return [
          `routed to the winner, variant ${step.outcome} (declared ${how}${when}); the hash alone gave variant ${String(detail.hashedVariantId)} (bucket ${String(detail.bucket)})`,
        ];
      }
      return [`bucket ${String(detail.bucket)} → variant ${step.outcome}`];
    }
    case "wait":
      return describeWait(step, detail);
    case "email":
      return describeEmail(step, detail);
    case "trigger":
      return [
        `entered on ${String(detail.event ?? "the trigger")}${typeof detail.eventId === "string" ? ` (event ${detail.eventId})` : ""}`,
      ];
    case "goal":
      return [`converted: ${String(detail.event ?? "goal event")} at ${when(detail.timestamp)}`];
    case "exit_criterion":
      return [`exit criterion met: ${String(detail.event ?? "event")} at ${when(detail.timestamp)}`];
    case "webhook":
      return [
        `${String(detail.method ?? "")} ${String(detail.url ?? "")}`.trim(),
        ...(detail.status !== undefined ? [`responded ${String(detail.status)}`] : []),
        ...(typeof detail.error === "string" ? [`error: ${detail.error}`] : []),
      ];
    case "update_contact":
      if (typeof detail.error === "string") return [`error: ${detail.error}`];
      return [
        ...(detail.set && Object.keys(asRecord(detail.set)).length > 0 ? [`set ${JSON.stringify(detail.set)}`] : []),
        ...(Array.isArray(detail.unset) && detail.unset.length > 0 ? [`unset ${detail.unset.join(", ")}`] : []),
      ];
    case "run_control":
      return [describeRunControl(step.outcome, detail, graph)];
    default:
      return Object.keys(detail).length > 0 ? [JSON.stringify(detail)] : [];
  }
}
