// Journey runs and their step log, as the Temporal activities write them. Every write is
// idempotent: activities are retried, and a retry must land on the same row.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeyRuns, runSteps } from "../schema/index";

export type RunStatus = (typeof journeyRuns.$inferSelect)["status"];
export type JourneyRun = typeof journeyRuns.$inferSelect;
export type RunStep = typeof runSteps.$inferSelect;

export interface RunStepInput {
  runId: string;
  journeyId: string;
  /** Deterministic position in the run (from the workflow), so a retried insert is a no-op. */
  seq: number;
  nodeId: string;
  kind: string;
  /** `entered`, `waiting`, `sent`, `suppressed`, `skipped`, `failed`, `exited`… */
  outcome: string;
  detail?: Record<string, unknown>;
  /** When it happened on the activity's clock (a test run's is virtual); absent = the database's now. */
  at?: Date;
}

/**
 * Records that a run reached a node and moves the run's `current_node_id` there. The step
 * insert is keyed on (run_id, seq); the pointer only moves while the run is active so a
 * late retry cannot resurrect a finished run's position. Returns false when the run row is
 * gone (its contact or journey was deleted): the caller should stop, as retrying cannot help.
 */
export async function recordRunStep(db: Db, step: RunStepInput): Promise<boolean> {
  return db.transaction((tx) => recordRunStepInTx(tx, step));
}

/**
 * The shared half of recording steps: the run row locked (so the steps and what follows see
 * one status), the steps (consecutive, of one run) inserted once under (run_id, seq) in one
 * statement, then `whileActive` only while the run is still active. False when the run row is gone.
 */
async function recordStepsInTx(
  tx: Tx,
  steps: RunStepInput[],
  whileActive: (tx: Tx, runId: string) => Promise<unknown>,
) {
  const runId = steps[0]?.runId;
  if (runId === undefined || steps.some((step) => step.runId !== runId))
    throw new Error("recordStepsInTx needs at least one step, all of one run");
  const [run] = await tx
    .select({ status: journeyRuns.status })
    .from(journeyRuns)
    .where(eq(journeyRuns.id, runId))
    .for("no key update")
    .limit(1);
  if (!run) return false;
  await tx
    .insert(runSteps)
    .values(steps.map((step) => ({ ...step, detail: step.detail ?? {} })))
    .onConflictDoNothing({ target: [runSteps.runId, runSteps.seq] });
  if (run.status === "active") await whileActive(tx, runId);
  return true;
}

/** recordRunStep inside the caller's transaction: the send activity commits the step with the hand-off. */
export function recordRunStepInTx(tx: Tx, step: RunStepInput): Promise<boolean> {
  return recordStepsInTx(tx, [step], (inner) =>
    inner.update(journeyRuns).set({ currentNodeId: step.nodeId }).where(eq(journeyRuns.id, step.runId)),
  );
}

/**
 * The entry step of a run whose row the caller has locked and seen active (the dispatcher's
 * start, LEAN_ENTRY_PATCH): the step and the run's position in one statement, with no lock to
 * take first. Keyed on (run_id, seq) like every step, so a retried start writes it once.
 */
export async function recordEntryStepInTx(tx: Tx, step: RunStepInput): Promise<void> {
  const insertStep = tx
    .insert(runSteps)
    .values({ ...step, detail: step.detail ?? {} })
    .onConflictDoNothing({ target: [runSteps.runId, runSteps.seq] });
  const movePointer = tx
    .update(journeyRuns)
    .set({ currentNodeId: step.nodeId })
    .where(and(eq(journeyRuns.id, step.runId), eq(journeyRuns.status, "active")));
  await tx.execute(sql`with entry_step as (${insertStep.getSQL()}) ${movePointer.getSQL()}`);
}

/**
 * Ends a run. Only an active run changes, so a retried call (or a second finisher)
 * keeps the first end time, status and reason. Returns whether this call ended the run.
 * `reason` lands in `end_reason`; `convertedAt` (a met goal) in `converted_at`.
 */
export async function finishRun(
  db: Db,
  input: {
    runId: string;
    status: Exclude<RunStatus, "active">;
    endedAt?: Date;
    reason?: string | null;
    convertedAt?: Date | null;
  },
): Promise<boolean> {
  const ended = await db
    .update(journeyRuns)
    .set({
      status: input.status,
      endedAt: input.endedAt ?? new Date(),
      currentNodeId: null,
      endReason: input.reason ?? null,
      convertedAt: input.convertedAt ?? null,
    })
    .where(and(eq(journeyRuns.id, input.runId), eq(journeyRuns.status, "active")))
    .returning({ id: journeyRuns.id });
  return ended.length > 0;
}

/**
 * Records a run's last step and ends it, in one transaction: what `recordRunStep` then
 * `finishRun` do, for the node that ends the run (the exit node). Idempotent in the same
 * way: the step keys on (run_id, seq) and only an active run changes. False when the run
 * row is gone.
 */
export async function recordFinalRunStep(db: Db, step: RunStepInput, end: RunEnd): Promise<boolean> {
  return db.transaction((tx) => recordFinalRunStepsInTx(tx, [step], end));
}

/** How a run ends with its last step: the status and the `end_reason`. */
export interface RunEnd {
  status: Exclude<RunStatus, "active">;
  reason?: string | null;
}

/**
 * The run's last steps and its end in the caller's transaction: the send activity writes the
 * email step, the exit step after it and the run's end with the hand-off (WORKER_LEAN_PATCH).
 * Idempotent as `recordFinalRunStep`; false when the run row is gone.
 */
export function recordFinalRunStepsInTx(tx: Tx, steps: RunStepInput[], end: RunEnd): Promise<boolean> {
  return recordStepsInTx(tx, steps, (inner, runId) =>
    inner
      .update(journeyRuns)
      .set({ status: end.status, endedAt: new Date(), currentNodeId: null, endReason: end.reason ?? null })
      .where(eq(journeyRuns.id, runId)),
  );
}

export async function findRunById(db: Db, runId: string): Promise<JourneyRun | null> {
  const [run] = await db.select().from(journeyRuns).where(eq(journeyRuns.id, runId)).limit(1);
  return run ?? null;
}

/** The run's step log in order. */
export async function findRunSteps(db: Db, runId: string): Promise<RunStep[]> {
  return db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
}
