// Journey lifecycle behind the `journeys` router: pause, resume, archive, the version list
// with active runs per version, and the skipped-entry counts.
//
// Ordering with the dispatcher: each status change runs in one transaction that locks the
// journey row FOR UPDATE, writes the status, signals every active run, and commits. A run
// start holds a FOR SHARE lock on the same row from its status check until its workflow
// exists (dispatch/start-run.ts), so the two serialize: a start that went first has a
// workflow by the time we list and signal runs; a start that waits for us sees the new
// status (paused → it starts the workflow and signals it paused itself; archived → it never
// starts). Two status changes serialize on the row too, so their signals cannot cross
// (a pause's `paused: true` can never land after a later resume's `paused: false`).
// A signal to a workflow that does not exist (finished meanwhile, or row inserted and not
// started yet — the start path above covers it) is logged and skipped, never fatal. Any
// other Temporal failure rolls the status back and is reported: retrying is safe, since
// setPaused is idempotent and a run keeps the first exit reason it was sent.
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from "@temporalio/client";
import type { Db, Tx } from "@mailstream/db/client";
import { countEntrySkips } from "@mailstream/db/queries/journeys-live";
import {
  findActiveRunsOfJourney,
  findJourneyById,
  findJourneyVersionsWithActiveRuns,
  lockJourneyForStatusChange,
  updateJourneyStatus,
  type JourneyStatus,
} from "@mailstream/db/queries/journeys";
import { endRunWithoutWorkflow } from "@mailstream/db/queries/run-admin";
import { exitRunSignal, setPausedSignal } from "@mailstream/temporal-contracts";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { journeyNotFound } from "./journeys";

export const ARCHIVE_EXIT_REASON = "journey archived";
/** Signals in flight at once: a big journey pauses in seconds without flooding the frontend. */
const SIGNAL_CONCURRENCY = 16;

export interface LifecycleDeps {
  db: Db;
  temporal: () => Promise<Client>;
  log?: Pick<Console, "warn">;
}

export interface LifecycleResult {
  journeyId: string;
  status: JourneyStatus;
  /** Active runs that got the signal. */
  runsSignalled: number;
  /** Active runs whose workflow was not there (finished meanwhile, or not started yet; archive ends them). */
  runsMissing: number;
}

function refused(message: string): AppError {
  return new AppError(AppErrorCode.PRECONDITION_FAILED, message);
}

type RunRef = { id: string; workflowId: string };

/** Sends one signal to each run's workflow; returns the runs whose workflow was missing. Anything else throws. */
export async function signalEach(
  runs: readonly RunRef[],
  send: (workflowId: string) => Promise<void>,
  log: Pick<Console, "warn">,
): Promise<{ signalled: number; missing: RunRef[] }> {
  const queue = [...runs];
  let signalled = 0;
  const missing: RunRef[] = [];
  const lanes = Array.from({ length: Math.min(SIGNAL_CONCURRENCY, queue.length) }, async () => {
    for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
      try {
        await send(run.workflowId);
        signalled++;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        log.warn(`[journeys] run ${run.workflowId} has no open workflow; skipped`);
        missing.push(run);
      }
    }
  });
  await Promise.all(lanes);
  return { signalled, missing };
}

type Change = {
  to: JourneyStatus;
  action: "journey.pause" | "journey.resume" | "journey.archive";
  /** Why the change is refused from this status, or null when allowed. */
  refuse: (from: JourneyStatus, journeyId: string) => string | null;
  signal: (handle: WorkflowHandle) => Promise<void>;
  /** For runs without a workflow; the journey row is locked, so no start is in flight. */
  onMissing?: (tx: Tx, run: RunRef) => Promise<void>;
};

async function changeStatus(
  deps: LifecycleDeps,
  workspaceId: string,
  journeyId: string,
  change: Change,
  audit?: AuditContext | null,
): Promise<LifecycleResult> {
  const temporal = await deps.temporal();
  return deps.db.transaction(async (tx) => {
    const journey = await lockJourneyForStatusChange(tx, workspaceId, journeyId);
    if (!journey) throw journeyNotFound(journeyId);
    const refusal = change.refuse(journey.status, journeyId);
    if (refusal) throw refused(refusal);
    // Repeating a change is allowed and re-sends the signals: it repairs a run an earlier
    // attempt could not reach.
    if (journey.status !== change.to) await updateJourneyStatus(tx, journeyId, change.to);
    const runs = await findActiveRunsOfJourney(tx, journeyId);
    const sent = await signalEach(
      runs,
      (workflowId) => change.signal(temporal.workflow.getHandle(workflowId)),
      deps.log ?? console,
    );
    for (const run of sent.missing) await change.onMissing?.(tx, run);
    await recordAudit(tx, {
      context: audit,
      action: change.action,
      target: { type: "journey", id: journeyId, label: journey.name },
      changes: { fields: ["status"], before: { status: journey.status }, after: { status: change.to } },
    });
    return { journeyId, status: change.to, runsSignalled: sent.signalled, runsMissing: sent.missing.length };
  });
}

/** One status change as the use case the router calls. */
function lifecycleChange(change: Change) {
  return (deps: LifecycleDeps, workspaceId: string, journeyId: string, audit?: AuditContext | null) =>
    changeStatus(deps, workspaceId, journeyId, change, audit);
}

/** Pause and resume refuse the same two statuses, each in its own words. */
function refuseArchivedOrDraft(verb: "paused" | "resumed", fromDraft: string) {
  return (from: JourneyStatus) =>
    from === "archived"
      ? `This journey is archived; archived journeys cannot be ${verb}.`
      : from === "draft"
        ? fromDraft
        : null;
}

/** Holds every active run where it is and stops new entries (events meanwhile never enter). */
export const pauseJourney = lifecycleChange({
  to: "paused",
  action: "journey.pause",
  refuse: refuseArchivedOrDraft("paused", "Only a live journey can be paused; publish it first."),
  signal: (handle) => handle.signal(setPausedSignal, { paused: true }),
});

/** Makes a paused journey live again: held runs continue, new events enter. */
export const resumeJourney = lifecycleChange({
  to: "live",
  action: "journey.resume",
  refuse: refuseArchivedOrDraft("resumed", "Only a paused journey can be resumed; publish it first."),
  signal: (handle) => handle.signal(setPausedSignal, { paused: false }),
});

/** Ends every active run with the reason "journey archived"; the journey takes no entries, publishes or resumes again. */
export const archiveJourney = lifecycleChange({
  to: "archived",
  action: "journey.archive",
  refuse: () => null,
  signal: (handle) => handle.signal(exitRunSignal, { reason: ARCHIVE_EXIT_REASON }),
  // A row whose workflow never started (or was lost) would stay "active" forever: end it
  // here. Should its event be dispatched again, the start path sees `archived` and does not start.
  onMissing: async (tx, run) => {
    await endRunWithoutWorkflow(tx, run.id, ARCHIVE_EXIT_REASON);
  },
});

/** Published versions, newest first: which one new entrants get, and how many runs each still has. */
export async function listJourneyVersions(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  const versions = await findJourneyVersionsWithActiveRuns(db, journeyId);
  return versions.map((version) => ({ ...version, isLive: version.id === journey.liveVersionId }));
}

/** Trigger events that did not enter, by reason (see journey_entry_skips). */
export async function listEntrySkips(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  return countEntrySkips(db, journeyId);
}
