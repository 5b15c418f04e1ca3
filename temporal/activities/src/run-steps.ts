// Activities that mirror a run's progress into Postgres (`run_steps`, `journey_runs`), where
// metrics and the UI read it. Each is idempotent: Temporal may run an activity again.
import { wallClock, type Clock } from "./clock";
import { log } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import {
  finishRun as finishRunRow,
  recordFinalRunSteps,
  recordRunStep,
  type RunStepInput,
} from "@mailstream/db/queries/runs";

/** One step of a run, as the workflow reports it: the row `recordRunStep` writes. */
export type RecordStepInput = RunStepInput;

export interface RecordStepResult {
  /** False when the run row was deleted (contact or journey removed): the workflow stops. */
  isRunPresent: boolean;
}

export type FinishedRunStatus = "completed" | "exited" | "failed";

/** The node that ends the run, and how it ends (`endRun`: one local activity for both). */
export interface EndRunInput {
  step: RecordStepInput;
  status: FinishedRunStatus;
  reason?: string;
}

export interface FinishRunInput {
  runId: string;
  status: FinishedRunStatus;
  reason?: string;
  /** ISO instant the goal was met (status `completed`, reason `goal`); stored as `converted_at`. */
  convertedAt?: string;
}

/**
 * A timed pause (a wait's duration, an event wait's timeout) is stored with the instant it
 * ends, so the run views say "resumes at" from a recorded fact. The workflow starts its timer
 * as soon as this record returns, so the real end is later by that round trip only (ms). The
 * first record wins: a retried activity does not move it (the insert keys on the step's seq).
 */
function withPauseEnd(input: RecordStepInput, now: number): RecordStepInput {
  const detail = input.detail;
  if (input.outcome !== "waiting" || !detail || detail.resumesAt !== undefined) return input;
  const length = typeof detail.durationMs === "number" ? detail.durationMs : detail.timeoutMs;
  if (typeof length !== "number") return input;
  return { ...input, detail: { ...detail, resumesAt: new Date(now + length).toISOString() } };
}

export function createRunActivities(db: Db, clock: Clock = wallClock) {
  return {
    async recordStep(input: RecordStepInput): Promise<RecordStepResult> {
      const now = await clock();
      // `at` and `resumesAt` come from the same clock, so a pause's length reads true in a test run too.
      return { isRunPresent: await recordRunStep(db, { ...withPauseEnd(input, now), at: new Date(now) }) };
    },

    /** `recordStep` then `finishRun` in one statement: the exit node's bookkeeping in one round trip. */
    async endRun(input: EndRunInput): Promise<RecordStepResult> {
      const at = new Date(await clock());
      const isRunPresent = await recordFinalRunSteps(db, [{ ...input.step, at }], {
        status: input.status,
        reason: input.reason ?? null,
      });
      if (isRunPresent)
        log.info("run finished", { runId: input.step.runId, status: input.status, reason: input.reason });
      return { isRunPresent };
    },

    async finishRun(input: FinishRunInput): Promise<void> {
      const ended = await finishRunRow(db, {
        runId: input.runId,
        status: input.status,
        reason: input.reason ?? null,
        convertedAt: input.convertedAt ? new Date(input.convertedAt) : null,
      });
      if (ended) log.info("run finished", { runId: input.runId, status: input.status, reason: input.reason });
    },
  };
}
