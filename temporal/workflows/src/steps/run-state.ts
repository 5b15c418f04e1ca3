// What a step handler gets from the loop (journey-run.ts) and what it hands back. A handler
// interprets one plan step: it records the node (`state.record`), runs its timers and
// activities, and says where the run goes next.
import type { PlanStep, PlanStepKind } from "@mailstream/journey/plan";
import type { FinishedRunStatus } from "@mailstream/activities";
import type { EventReceived, JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";

export interface RunState {
  input: JourneyRunInput;
  /** Records the node in `run_steps`; false when the run row is gone (contact/journey deleted). */
  record(nodeId: string, kind: string, outcome: string, detail?: Record<string, unknown>): Promise<boolean>;
  /** The seq the next recorded step takes: an activity that records a step itself writes it there (LEAN_SEND_PATCH). */
  nextSeq(): number;
  /** An activity recorded the step at `nextSeq()`: the next `record` takes the one after. */
  skipRecorded(): void;
  /** The run carries SETTINGS_PATCH (patches.ts): settings, pause and entry keys apply. */
  hasSettings: boolean;
  /** An end is pending: a manual exit, or (with settings) the goal or an exit criterion. */
  exitRequested(): boolean;
  isPaused(): boolean;
  /** Events signalled to the run (deduplicated by id), consumed by until-event waits. */
  inbox: EventReceived[];
  matchedEvents: Record<string, MatchedEvent>;
  /**
   * Epoch ms from which a signalled event counts for an until-event wait: the trigger's time,
   * then the end of the last wait. An event that lands between entry and the wait (the run
   * was still on an earlier step) is the contact's answer all the same; one from before the
   * previous wait ended is not.
   */
  eventsSince: number;
}

/** Where the run goes after a step. */
export type StepOutcome =
  /** On to this step; null = the run completes. */
  | { next: string | null }
  /** An exit, the goal or an exit criterion arrived during the step: the loop ends the run for it. */
  | { end: "exit-requested" }
  /** The run row was deleted while the step ran. */
  | { end: "run-gone" }
  /**
   * The step itself ends the run (exit node, split hold-out). `finalStep`: the step is not
   * recorded yet; the loop records it with the run's end, in one local activity. `isRecorded`:
   * an activity already wrote the end (the send before an exit, WORKER_LEAN_PATCH).
   */
  | {
      end: "finished";
      status: FinishedRunStatus;
      reason?: string;
      finalStep?: { nodeId: string; kind: string; outcome: string };
      isRecorded?: true;
    };

export const RUN_GONE = { end: "run-gone" } as const satisfies StepOutcome;
export const EXIT_REQUESTED = { end: "exit-requested" } as const satisfies StepOutcome;

export type StepOf<K extends PlanStepKind> = Extract<PlanStep, { kind: K }>;
export type StepHandler<K extends PlanStepKind> = (step: StepOf<K>, state: RunState) => Promise<StepOutcome>;
