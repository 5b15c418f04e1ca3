// The dispatcher loop: dispatch rounds back to back while there is a backlog, drain the
// segment re-evaluation queue after each, sleep until a NOTIFY or the poll interval otherwise, and back off (logging a failure once, not once
// per round) when the database or Temporal is down. Stops after the current round when
// `signal` aborts.
import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { EVENTS_CHANNEL } from "@mailstream/db/queries/events";
import type { JourneyRunOptions } from "@mailstream/temporal-contracts";
import { drainSegmentReevaluations, REEVALUATION_PAGE_SIZE } from "../segments/reevaluation-queue";
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, dispatchBatch } from "./dispatch-batch";
import { unavailableDependency } from "../errors/is-unavailable";
import { createWakeup } from "./wakeup";
import { log as processLog, type Logger } from "@mailstream/log";

export interface RunDispatcherOptions {
  databaseUrl: string;
  temporal: Client;
  signal: AbortSignal;
  pollIntervalMs?: number;
  batchSize?: number;
  concurrency?: number;
  workspaceIds?: readonly string[];
  taskQueue?: string;
  runOptions?: JourneyRunOptions;
  log?: Logger;
  /** Called once the loop is about to start its first round (LISTEN attempted). */
  onReady?: () => void;
}

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const STILL_FAILING_LOG_EVERY_MS = 60_000;

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

/** Logs the first failure, a changed failure, a reminder each minute, and the recovery. */
function createFailureLog(log: Logger) {
  let failingSince: number | null = null;
  let lastMessage = "";
  let lastLoggedAt = 0;
  return {
    failed(error: unknown, retryInMs: number) {
      const message = describe(error);
      const now = Date.now();
      if (failingSince === null || message !== lastMessage || now - lastLoggedAt > STILL_FAILING_LOG_EVERY_MS) {
        const since = failingSince === null ? "" : ` (failing for ${Math.round((now - failingSince) / 1000)} s)`;
        const dependency = unavailableDependency(error);
        const what = dependency ? `dispatch waits: ${dependency} is unreachable` : "dispatch failed";
        log.error(`${what}${since}; retrying in ${retryInMs} ms`, {}, message);
        lastLoggedAt = now;
      }
      failingSince ??= now;
      lastMessage = message;
    },
    succeeded() {
      if (failingSince === null) return;
      log.info(`dispatch recovered after ${Math.round((Date.now() - failingSince) / 1000)} s`);
      failingSince = null;
    },
  };
}

export async function runDispatcher(options: RunDispatcherOptions): Promise<void> {
  const log = (options.log ?? processLog).with({ loop: "dispatch" });
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // Room for the claim transaction plus one connection per concurrent contact (if this
  // process already made the pool, e.g. tests, that one is reused as is).
  const { db, pool } = createDb(options.databaseUrl, { max: concurrency + 2 });
  const onPoolError = (error: Error) => log.warn("idle database connection failed", {}, error);
  // An idle client's error (Postgres restarting) is emitted on the pool; unhandled, it would kill the process.
  pool.on("error", onPoolError);
  const wakeup = createWakeup({
    databaseUrl: options.databaseUrl,
    channels: [EVENTS_CHANNEL],
    signal: options.signal,
    log,
  });
  const failures = createFailureLog(log);
  let backoffMs = 0;
  try {
    await wakeup.firstAttempt;
    options.onReady?.();
    while (!options.signal.aborted) {
      let result;
      try {
        result = await dispatchBatch({
          db,
          temporal: options.temporal,
          batchSize,
          concurrency,
          workspaceIds: options.workspaceIds,
          taskQueue: options.taskQueue,
          runOptions: options.runOptions,
          log,
        });
        // Contacts queued by opens/clicks, trait edits and new contacts (triggers); after the
        // round, so a contact the round just created is evaluated with its first event applied.
        if (result.error === undefined) {
          const deps = {
            db,
            temporal: options.temporal,
            taskQueue: options.taskQueue,
            runOptions: options.runOptions,
            log,
          };
          // Page by page while pages come back full; a short page means the queue was drained
          // (what was queued since waits for the next round, a wake-up or poll away), so an
          // empty page is not asked for on every round.
          let taken = REEVALUATION_PAGE_SIZE;
          while (taken === REEVALUATION_PAGE_SIZE && !options.signal.aborted)
            taken = await drainSegmentReevaluations(deps, { workspaceIds: options.workspaceIds });
        }
      } catch (error) {
        result = { claimed: 0, dispatched: 0, runsStarted: 0, error };
      }
      if (result.error !== undefined) {
        backoffMs = Math.min(Math.max(backoffMs * 2, BACKOFF_MIN_MS), BACKOFF_MAX_MS);
        failures.failed(result.error, backoffMs);
        await sleep(backoffMs, undefined, { signal: options.signal }).catch(() => {});
        continue;
      }
      backoffMs = 0;
      failures.succeeded();
      // A full batch, or a workspace that filled its fair share, means a backlog: go again at
      // once, without waiting for a wake-up.
      if (result.claimed === batchSize || result.hasMore === true) continue;
      await wakeup.wait(pollIntervalMs);
    }
  } finally {
    pool.off("error", onPoolError);
    await wakeup.close();
  }
}
