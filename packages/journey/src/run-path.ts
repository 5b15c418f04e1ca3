// A run's path through the journey version it is pinned to, and where it stands: computed here
// once for every view of a run (run inspector, runs list, contact profile, drill-downs), so no
// page decides on its own what "waiting" or "done" means. Each recorded step gets a name a
// person reads (kind + template name or wait, never a node id alone), a state, and — for a
// pause — the instant it ends.
import { formatDuration } from "./durations";
import { NODE_KIND_LABELS, type JourneyGraph, type NodeData, type NodeKind } from "./schema";

/** One row of `run_steps` as the views read it. */
export interface RecordedStep {
  seq: number;
  nodeId: string;
  kind: string;
  outcome: string;
  detail: unknown;
  at: Date | string;
}

export interface RunFacts {
  status: "active" | "completed" | "exited" | "failed";
  endedAt: Date | string | null;
}

/**
 * `done`: the run went past it (a finished pause included). `current`: the last step of a
 * running run. `waiting`: a running run is paused here (a wait, a deferred send). `cut_short`:
 * the run ended (exit, goal, exit criterion) before this pause was over.
 */
export type StepState = "done" | "current" | "waiting" | "cut_short";

export interface RunPathStep extends RecordedStep {
  name: string;
  state: StepState;
  /** ISO instant a pause ends: the wait's end, an event wait's timeout, a deferred send's retry. */
  resumesAt: string | null;
  /** The event an until-event wait listens for (it may resume earlier than `resumesAt`). */
  waitingFor: string | null;
}

/** Where a running run is now; null once it finished. */
export interface RunPosition {
  nodeId: string;
  name: string;
  state: "current" | "waiting";
  resumesAt: string | null;
  waitingFor: string | null;
}

export interface RunPath {
  steps: RunPathStep[];
  position: RunPosition | null;
}

/** Email node id → the name of the template it sends (the version pinned at publish when known). */
export type TemplateNames = ReadonlyMap<string, string>;

const PSEUDO_STEP_NAMES: Record<string, string> = { goal: "Goal", exit_criterion: "Exit criterion" };
const PAUSE_OUTCOMES = new Set(["waiting", "deferred"]);

function describeWaitNode(data: Extract<NodeData, { kind: "wait" }>): string {
  switch (data.mode ?? "duration") {
    case "until_time":
      return data.untilTime?.time ? `until ${data.untilTime.time}` : "until a time of day";
    case "until_date":
      return data.untilDate?.path ? `until ${data.untilDate.source} ${data.untilDate.path}` : "until a date";
    case "until_best_time":
      return "until the contact's best time";
    case "until_event":
      return data.untilEvent?.event ? `for ${data.untilEvent.event}` : "for an event";
    default:
      return formatDuration(data.duration);
  }
}

function describeNode(nodeId: string, data: NodeData, templateNames: TemplateNames): string | null {
  switch (data.kind) {
    case "email":
      if (!data.templateId) return "no template";
      return templateNames.has(nodeId) ? `"${templateNames.get(nodeId)}"` : "template deleted";
    case "wait":
      return describeWaitNode(data);
    case "trigger":
      return data.source === "segment" ? "segment entered" : data.event || null;
    default:
      return null;
  }
}

/** "Email · "Welcome"", "Wait · 20 seconds", "Branch": how a step of this graph is named in run views. */
export function nameStep(nodeId: string, kind: string, graph: JourneyGraph | undefined, templateNames: TemplateNames) {
  const pseudo = PSEUDO_STEP_NAMES[kind];
  if (pseudo) return pseudo;
  const node = graph?.nodes.find((n) => n.id === nodeId);
  const label = NODE_KIND_LABELS[(node?.data.kind ?? kind) as NodeKind] ?? kind;
  if (!node) return `${label} · ${nodeId}`;
  const detail = describeNode(nodeId, node.data, templateNames);
  return detail ? `${label} · ${detail}` : label;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toMs(value: Date | string | null): number | null {
  if (value === null) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function iso(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * When a pause recorded at `step` ends: the end the activity stored (`resumesAt`), the target
 * of a wait-until, the retry of a deferred send, or — for steps recorded before `resumesAt`
 * was stored — the step's time plus the wait's duration or timeout.
 */
export function pauseEnd(step: RecordedStep): string | null {
  if (!PAUSE_OUTCOMES.has(step.outcome)) return null;
  const detail = asRecord(step.detail);
  const stored = iso(detail.resumesAt) ?? iso(detail.targetAt) ?? iso(detail.until);
  if (stored) return stored;
  const at = toMs(step.at);
  const length = typeof detail.durationMs === "number" ? detail.durationMs : detail.timeoutMs;
  return at !== null && typeof length === "number" ? new Date(at + length).toISOString() : null;
}

function stateOf(step: RecordedStep, isLast: boolean, run: RunFacts, resumesAt: string | null): StepState {
  const isPause = PAUSE_OUTCOMES.has(step.outcome);
  if (!isLast) return "done";
  if (run.status === "active") return isPause ? "waiting" : "current";
  if (!isPause) return "done";
  // A finished run's last pause either ran out (a wait at the end of the path) or was ended early.
  const ended = toMs(run.endedAt);
  const resumes = toMs(resumesAt);
  return ended !== null && resumes !== null && ended < resumes - 1_000 ? "cut_short" : "done";
}

/** The run's steps in order with names, states and pause ends, and where a running run is now. */
export function buildRunPath(
  run: RunFacts,
  steps: readonly RecordedStep[],
  graph: JourneyGraph | undefined,
  templateNames: TemplateNames,
): RunPath {
  const ordered = [...steps].sort((a, b) => a.seq - b.seq);
  const pathSteps = ordered.map((step, index): RunPathStep => {
    const resumesAt = pauseEnd(step);
    const detail = asRecord(step.detail);
    return {
      ...step,
      name: nameStep(step.nodeId, step.kind, graph, templateNames),
      state: stateOf(step, index === ordered.length - 1, run, resumesAt),
      resumesAt,
      waitingFor: step.kind === "wait" && typeof detail.event === "string" ? detail.event : null,
    };
  });
  const last = pathSteps.at(-1);
  const position: RunPosition | null =
    run.status === "active" && last
      ? {
          nodeId: last.nodeId,
          name: last.name,
          state: last.state === "waiting" ? "waiting" : "current",
          resumesAt: last.state === "waiting" ? last.resumesAt : null,
          waitingFor: last.state === "waiting" ? last.waitingFor : null,
        }
      : null;
  return { steps: pathSteps, position };
}
