// Republish with a plan: "finish on the old version" (the default: a plain publish) or "move to
// the new version". Moving checks the mapping (republish-review.ts) before anything is written,
// then publishes and records the migration — one pending item per active run of the replaced
// version, and one audit row with the counts — in the same transaction. After the commit the
// runs are signalled in pages (`sendRunMigrationSignals`): only pending items not signalled
// yet, each marked once sent, so a re-run after a crash or an outage sends nothing twice (and
// the workflow ignores a repeat). Each workflow moves itself at its next safe point and
// settles its item (workflows/migrate-run.ts); the progress is a count of items by status.
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { Db, Tx } from "@mailstream/db/client";
import { findJourneyById } from "@mailstream/db/queries/journeys";
import {
  countRunMigrationItems,
  countWaitingRunsByStep,
  findLatestRunMigration,
  findMigrationsWithUnsentSignals,
  findRunMigration,
  findUnsignalledItems,
  findVersionIdByNumber,
  findVersionWithPlan,
  insertRunMigration,
  markItemsFailed,
  markItemsSignalled,
  type RunMigration,
} from "@mailstream/db/queries/run-migrations";
import type { RunMigrationMapping } from "@mailstream/db/schema";
import { migrateRunSignal } from "@mailstream/temporal-contracts";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { journeyNotFound } from "./journeys";
import { publishJourney } from "./publish-journey";
import { resolveMigrationMapping, type MigrationChoice } from "./republish-review";

/** Runs signalled per page; each page is marked sent before the next is read. */
const PAGE_SIZE = 100;
/** Signals in flight at once within a page. */
const SIGNAL_CONCURRENCY = 16;
/** Pages the publish request itself sends; a bigger migration's rest goes out from the dispatcher loop. */
const PAGES_IN_REQUEST = 10;
/** Attempts per signal on a transient Temporal failure, with a doubling pause from 200 ms. */
const SIGNAL_ATTEMPTS = 4;

export interface MigrateRunsDeps {
  db: Db;
  temporal: () => Promise<Client>;
  log?: Pick<Console, "warn">;
}

export type RunsPlan = { mode: "finish" } | { mode: "move"; mapping: Record<string, MigrationChoice> };

export interface PublishWithPlanInput {
  workspaceId: string;
  journeyId: string;
  graph?: unknown;
  runs: RunsPlan;
  audit?: AuditContext | null;
}

export interface RunMigrationProgress {
  migrationId: string;
  fromVersionId: string;
  toVersionId: string;
  createdAt: Date;
  total: number;
  signalled: number;
  pending: number;
  moved: number;
  ended: number;
  stayed: number;
  failed: number;
  /** Every item settled: nothing left to move. */
  isDone: boolean;
}

function precondition(message: string): AppError {
  return new AppError(AppErrorCode.PRECONDITION_FAILED, message);
}

/** What the audit row says: how many runs were planned to move, end, or stay, by the review's counts. */
function plannedCounts(mapping: RunMigrationMapping, waiting: { stepId: string | null; count: number }[]) {
  const counts = { runs: 0, toMove: 0, toEnd: 0, unmapped: 0 };
  for (const { stepId, count } of waiting) {
    counts.runs += count;
    const target = stepId === null ? undefined : mapping[stepId];
    if (!target) counts.unmapped += count;
    else if ("end" in target) counts.toEnd += count;
    else counts.toMove += count;
  }
  return counts;
}

/**
 * Publishes (as `journeys.publish` does) and, with `runs.mode === "move"`, records the migration
 * of the replaced version's active runs and signals them. A bad mapping is refused before
 * anything is written. Signals that could not be sent (Temporal down) stay pending for
 * `resumeRunMigration`; the publish itself stands.
 */
export async function publishJourneyWithPlan(deps: MigrateRunsDeps, input: PublishWithPlanInput) {
  const { db } = deps;
  const { workspaceId, journeyId, audit } = input;
  const base = { db, workspaceId, journeyId, graph: input.graph, audit };
  if (input.runs.mode === "finish") return { ...(await publishJourney(base)), migration: null };
  const choices = input.runs.mapping;
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  const live = journey.liveVersionId ? await findVersionWithPlan(db, journey.liveVersionId) : null;
  if (!live) throw precondition("This journey has no live version, so there are no runs to move; publish it instead.");
  let mapping: RunMigrationMapping = {};
  let migration: RunMigration | null = null;
  const published = await publishJourney({
    ...base,
    migration: {
      async check(plan) {
        const waiting = await countWaitingRunsByStep(db, journeyId, live.id);
        const waitingAt = new Map(waiting.flatMap((row) => (row.stepId ? [[row.stepId, row.count] as const] : [])));
        mapping = resolveMigrationMapping(live.plan, plan, waitingAt, choices);
      },
      async record(tx: Tx, version) {
        // The version this publish replaced: another publish in between would make the review stale.
        const replaced = await findVersionIdByNumber(tx, journeyId, version.version - 1);
        if (replaced !== live.id)
          throw new AppError(
            AppErrorCode.CONFLICT,
            "The journey was published by someone else meanwhile; review the waiting contacts again.",
          );
        const inserted = await insertRunMigration(tx, {
          workspaceId,
          journeyId,
          fromVersionId: live.id,
          toVersionId: version.versionId,
          mapping,
        });
        migration = inserted.migration;
        const counts = plannedCounts(mapping, await countWaitingRunsByStep(tx, journeyId, live.id));
        await recordAudit(tx, {
          context: audit,
          action: "journey.migrate_runs",
          target: { type: "journey", id: journeyId, label: journey.name },
          changes: {
            fields: ["runs"],
            before: { version: live.version },
            after: { version: version.version, migrationId: inserted.migration.id, ...counts },
          },
        });
      },
    },
  });
  const recorded = migration as RunMigration | null;
  if (!recorded) throw new Error("publish with a migration recorded none");
  const sent = await sendRunMigrationSignals(deps, workspaceId, recorded.id, PAGES_IN_REQUEST).catch(
    (error: unknown) => {
      // The publish and the migration record stand; the remaining signals go out on resume.
      (deps.log ?? console).warn(`[journeys] migration ${recorded.id}: signals interrupted (${String(error)})`);
      return null;
    },
  );
  return { ...published, migration: { id: recorded.id, signalsInterrupted: sent === null } };
}

/** Sends one signal, retrying a transient failure; a missing workflow is returned, not thrown. */
async function signalWithRetry(send: () => Promise<void>): Promise<"sent" | "missing"> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return "sent";
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return "missing";
      if (attempt >= SIGNAL_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Signals every pending, unsignalled run of the migration (at most `maxPages` pages), a page at
 * a time. Runs without an open workflow are marked failed. Safe to call again at any time: it
 * sends only what was not sent.
 */
export async function sendRunMigrationSignals(
  deps: MigrateRunsDeps,
  workspaceId: string,
  migrationId: string,
  maxPages = Number.POSITIVE_INFINITY,
) {
  const migration = await findMigrationOrThrow(deps.db, workspaceId, migrationId);
  const target = await findVersionWithPlan(deps.db, migration.toVersionId);
  if (!target) throw new Error(`version ${migration.toVersionId} of migration ${migrationId} has no plan`);
  const temporal = await deps.temporal();
  const request = {
    migrationId,
    versionId: migration.toVersionId,
    plan: target.plan,
    mapping: migration.mapping,
  };
  let signalled = 0;
  let missing = 0;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await findUnsignalledItems(deps.db, migrationId, PAGE_SIZE);
    if (page.length === 0) break;
    const sent: string[] = [];
    const gone: string[] = [];
    const queue = [...page];
    const lanes = Array.from({ length: Math.min(SIGNAL_CONCURRENCY, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        const handle = temporal.workflow.getHandle(item.workflowId);
        const outcome = await signalWithRetry(() => handle.signal(migrateRunSignal, request));
        (outcome === "sent" ? sent : gone).push(item.runId);
      }
    });
    // A lane that gives up still lets the others finish; what was sent is marked before rethrowing.
    const settled = await Promise.allSettled(lanes);
    await markItemsSignalled(deps.db, migrationId, sent);
    await markItemsFailed(deps.db, migrationId, gone, "the run has no open workflow");
    signalled += sent.length;
    missing += gone.length;
    const failure = settled.find((lane): lane is PromiseRejectedResult => lane.status === "rejected");
    if (failure) throw failure.reason;
  }
  return { signalled, missing };
}

/** A sender silent this long (no page marked sent) has stopped: the dispatcher takes over its unsent signals. */
export const UNSENT_SIGNALS_GRACE_MS = 60_000;

/**
 * The dispatcher's pass (apps/dispatcher/src/loops.ts): sends what a migration's sender left
 * unsent (its web process died, Temporal was down). Returns how many runs were signalled.
 */
export async function sendUnsentRunMigrationSignals(deps: MigrateRunsDeps, now = new Date()): Promise<number> {
  const stalled = await findMigrationsWithUnsentSignals(deps.db, new Date(now.getTime() - UNSENT_SIGNALS_GRACE_MS));
  // Pass by pass, a migration at a time: a big one is finished by later passes, never two senders at once.
  let signalled = 0;
  for (const migration of stalled) {
    signalled += (await sendRunMigrationSignals(deps, migration.workspaceId, migration.id)).signalled;
  }
  return signalled;
}

async function findMigrationOrThrow(db: Db, workspaceId: string, migrationId: string): Promise<RunMigration> {
  const migration = await findRunMigration(db, workspaceId, migrationId);
  if (!migration) throw new AppError(AppErrorCode.NOT_FOUND, `Migration ${migrationId} not found`);
  return migration;
}

/** Sends the signals a migration still owes (after an outage): the router's "resume". */
export async function resumeRunMigration(deps: MigrateRunsDeps, workspaceId: string, migrationId: string) {
  const sent = await sendRunMigrationSignals(deps, workspaceId, migrationId);
  return {
    ...sent,
    progress: await progressOf(deps.db, await findMigrationOrThrow(deps.db, workspaceId, migrationId)),
  };
}

async function progressOf(db: Db, migration: RunMigration): Promise<RunMigrationProgress> {
  const rows = await countRunMigrationItems(db, migration.id);
  const by = (status: string) => rows.find((row) => row.status === status)?.count ?? 0;
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  return {
    migrationId: migration.id,
    fromVersionId: migration.fromVersionId,
    toVersionId: migration.toVersionId,
    createdAt: migration.createdAt,
    total,
    signalled: rows.reduce((sum, row) => sum + row.signalled, 0),
    pending: by("pending"),
    moved: by("moved"),
    ended: by("ended"),
    stayed: by("stayed"),
    failed: by("failed"),
    isDone: by("pending") === 0,
  };
}

/** The journey's latest migration and where its runs are, or null when it never moved runs. */
export async function getRunMigrationProgress(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<RunMigrationProgress | null> {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  const migration = await findLatestRunMigration(db, workspaceId, journeyId);
  return migration ? progressOf(db, migration) : null;
}
