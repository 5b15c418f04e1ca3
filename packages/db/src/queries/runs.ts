// Journey runs and their step log, as the Temporal activities write them. Every write is
// idempotent: activities are retried, and a retry must land on the same row.
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { journeyRuns, journeys, runSteps } from "../schema/index";

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
 * One statement: inside the caller's transaction (`tx`) or on its own.
 */
export function recordRunStep(db: Db | Tx, step: RunStepInput): Promise<boolean> {
  return recordSteps(db, { steps: [step] });
}

/** How a run ends with its last step: the status and the `end_reason`. */
export interface RunEnd {
  status: Exclude<RunStatus, "active">;
  reason?: string | null;
}

/**
 * Records a run's last steps and ends it, in one statement: what `recordRunStep` then
 * `finishRun` do, for the node that ends the run (the exit node; the send writes the email step
 * and the exit after it with the hand-off, WORKER_LEAN_PATCH). Idempotent in the same way: the
 * steps key on (run_id, seq) and only an active run changes. False when the run row is gone.
 */
export function recordFinalRunSteps(db: Db | Tx, steps: RunStepInput[], end: RunEnd): Promise<boolean> {
  return recordSteps(db, { steps, end });
}

/** Steps to record: `recordRunStep` (one step) or, with `end`, `recordFinalRunSteps`. */
export interface RunStepsWrite {
  steps: RunStepInput[];
  end?: RunEnd | undefined;
}

async function recordSteps(db: Db | Tx, write: RunStepsWrite): Promise<boolean> {
  const { rows } = await db.execute<{ is_present: boolean }>(sql`
    with ${runStepsCtes(db, write)}
    select exists (select 1 from present) as is_present`);
  return rows[0]?.is_present === true;
}

/**
 * The shared half of recording steps, as the CTEs of ONE statement (no transaction of its own,
 * no lock taken first), so that a caller can write them in its own statement too (the send's
 * hand-off, messages-send.ts): `present` (the run row, if any) and the writes. The steps —
 * consecutive, of one run — are inserted once under (run_id, seq), and the run row changes only
 * if it is still active (the update re-checks the status under the row's lock, so a run ended
 * meanwhile keeps its end). A late retry's step still lands on a finished run, as before.
 * Nothing is written when the run row is gone: select `exists (select 1 from present)`.
 */
export function runStepsCtes(db: Db | Tx, { steps, end }: RunStepsWrite): SQL {
  const runId = runOfSteps(steps);
  const last = steps[steps.length - 1] as RunStepInput;
  const whileActive: Partial<typeof journeyRuns.$inferInsert> = end
    ? { status: end.status, endedAt: new Date(), currentNodeId: null, endReason: end.reason ?? null }
    : { currentNodeId: last.nodeId };
  return sql`present as (select ${journeyRuns.id} as id from ${journeyRuns} where ${journeyRuns.id} = ${runId}),
    ${stepWrites(db, steps, whileActive)}`;
}

function runOfSteps(steps: RunStepInput[]): string {
  const runId = steps[0]?.runId;
  if (runId === undefined || steps.some((step) => step.runId !== runId))
    throw new Error("recording steps needs at least one step, all of one run");
  return runId;
}

/** The `inserted` and `changed` CTEs of a step write; they write only when the `present` CTE has the run. */
function stepWrites(db: Db | Tx, steps: RunStepInput[], whileActive: Partial<typeof journeyRuns.$inferInsert>) {
  const values = steps.map(
    (step) =>
      sql`(${step.journeyId}::uuid, ${step.seq}::int, ${step.nodeId}::text, ${step.kind}::text, ${step.outcome}::text, ${JSON.stringify(step.detail ?? {})}::jsonb, ${step.at?.toISOString() ?? null}::timestamptz)`,
  );
  const update = db
    .update(journeyRuns)
    .set(whileActive)
    .where(
      and(eq(journeyRuns.id, runOfSteps(steps)), eq(journeyRuns.status, "active"), sql`exists (select 1 from present)`),
    );
  return sql`inserted as (
      insert into ${runSteps} (run_id, journey_id, seq, node_id, kind, outcome, detail, at)
      select present.id, v.journey_id, v.seq, v.node_id, v.kind, v.outcome, v.detail, coalesce(v.at, now())
        from present, (values ${sql.join(values, sql`, `)}) as v(journey_id, seq, node_id, kind, outcome, detail, at)
      on conflict (run_id, seq) do nothing
    ),
    changed as (${update.getSQL()})`;
}

/**
 * `recordRunStep` / `recordFinalRunSteps` for the runs of a batch of sends (send-batch.ts), in ONE
 * statement on `db` or inside the caller's transaction: each write's steps are inserted once
 * under (run_id, seq), and each run still active moves to its last step's node or, with `end`,
 * ends — the same rules as runStepsCtes, with the rows as arrays. Returns the ids of the runs
 * whose row is there (a run deleted meanwhile gets nothing written, as one step at a time).
 */
export async function recordRunStepsOfMany(db: Db | Tx, writes: readonly RunStepsWrite[]): Promise<Set<string>> {
  const steps = writes.flatMap((write) => {
    runOfSteps(write.steps);
    return write.steps;
  });
  if (steps.length === 0) return new Set();
  const stepColumn = <T>(pick: (step: RunStepInput) => T) => sql.param(steps.map(pick));
  const writeColumn = <T>(pick: (write: RunStepsWrite) => T) => sql.param(writes.map(pick));
  const endedAt = new Date().toISOString();
  const { rows } = await db.execute<{ id: string }>(sql`
    with v(run_id, journey_id, seq, node_id, kind, outcome, detail, at) as (
      select * from unnest(${stepColumn((step) => step.runId)}::uuid[], ${stepColumn((step) => step.journeyId)}::uuid[],
                           ${stepColumn((step) => step.seq)}::int[], ${stepColumn((step) => step.nodeId)}::text[],
                           ${stepColumn((step) => step.kind)}::text[], ${stepColumn((step) => step.outcome)}::text[],
                           ${stepColumn((step) => JSON.stringify(step.detail ?? {}))}::jsonb[],
                           ${stepColumn((step) => step.at?.toISOString() ?? null)}::timestamptz[])
    ),
    present as (select ${journeyRuns.id} as id from ${journeyRuns} where ${journeyRuns.id} in (select run_id from v)),
    inserted as (
      insert into ${runSteps} (run_id, journey_id, seq, node_id, kind, outcome, detail, at)
      select v.run_id, v.journey_id, v.seq, v.node_id, v.kind, v.outcome, v.detail, coalesce(v.at, now())
        from v join present on present.id = v.run_id
      on conflict (run_id, seq) do nothing
    ),
    e(run_id, node_id, status, reason) as (
      select * from unnest(${writeColumn((write) => runOfSteps(write.steps))}::uuid[],
                           ${writeColumn((write) => (write.steps[write.steps.length - 1] as RunStepInput).nodeId)}::text[],
                           ${writeColumn((write) => write.end?.status ?? null)}::text[],
                           ${writeColumn((write) => write.end?.reason ?? null)}::text[])
    ),
    changed as (
      update ${journeyRuns} r
         set current_node_id = case when e.status is null then e.node_id end,
             status = coalesce(e.status::run_status, r.status),
             ended_at = case when e.status is null then r.ended_at else ${endedAt}::timestamptz end,
             end_reason = case when e.status is null then r.end_reason else e.reason end
        from e
       where r.id = e.run_id and r.status = 'active'
    )
    select id::text as id from present`);
  return new Set(rows.map((row) => row.id));
}

/** What the dispatcher's start found under its locks; null: the row is gone. */
export interface StartLocks {
  journeyStatus: (typeof journeys.$inferSelect)["status"] | null;
  runStatus: RunStatus | null;
}

/**
 * The dispatcher's start, in ONE statement inside its transaction `tx`: locks the journey
 * and the run rows (FOR SHARE, held until `tx` ends — across the workflow start — so a pause
 * or archive happens wholly before or after it) and, if the run is still active and the
 * journey live or paused, records the entry step as `recordRunStep` does. Returns the
 * statuses it saw under the locks.
 */
export async function lockJourneyAndRecordEntry(tx: Tx, journeyId: string, entry: RunStepInput): Promise<StartLocks> {
  // A run whose row is gone reads as no row (a run cannot outlive its journey: the foreign key cascades).
  const { rows } = await tx.execute<{ journey_status: StartLocks["journeyStatus"]; run_status: RunStatus }>(sql`
    with locked as (
      select j.status as journey_status, r.status as run_status
        from ${journeys} j join ${journeyRuns} r on r.id = ${entry.runId}
       where j.id = ${journeyId}
         for share
    ),
    present as (
      select ${entry.runId}::uuid as id from locked
       where run_status = 'active' and journey_status in ('live', 'paused')
    ),
    ${stepWrites(tx, [entry], { currentNodeId: entry.nodeId })}
    select journey_status, run_status from locked`);
  return { journeyStatus: rows[0]?.journey_status ?? null, runStatus: rows[0]?.run_status ?? null };
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

export async function findRunById(db: Db, runId: string): Promise<JourneyRun | null> {
  const [run] = await db.select().from(journeyRuns).where(eq(journeyRuns.id, runId)).limit(1);
  return run ?? null;
}

/** The run's step log in order. */
export async function findRunSteps(db: Db, runId: string): Promise<RunStep[]> {
  return db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
}
