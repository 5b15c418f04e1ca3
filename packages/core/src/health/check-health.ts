// The state of each component behind GET /api/health. The database is what matters (nothing
// works without it); Temporal or a missing worker only degrade the service: events are
// still accepted and wait in the outbox.
import { sql } from "drizzle-orm";
import { countParkedEvents, findDispatchBacklog } from "@mailstream/db/queries/events";
import { JOURNEY_TASK_QUEUE } from "@mailstream/temporal-contracts";
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";

export interface HealthDeps {
  db: Db;
  temporal: () => Promise<TemporalClient>;
}

const CHECK_TIMEOUT_MS = 2_000;
/** Workers long-poll for ~60 s, so a live worker's last poll can be that old. */
const POLLER_FRESH_MS = 2 * 60_000;
// Numeric values of temporal.api.enums.v1 TaskQueueKind.NORMAL / TaskQueueType.WORKFLOW.
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

export interface HealthReport {
  status: "ok" | "degraded";
  components: {
    /** `parkedEvents`: events the dispatcher gave up on after repeated failures (see dispatch/poison.ts). */
    database: { ok: boolean; latencyMs: number | null; parkedEvents?: number; error?: string };
    temporal: { ok: boolean; error?: string };
    worker: { ok: boolean; pollers: number; error?: string };
    /**
     * Events accepted but not yet dispatched (counted up to 10,000) and the oldest one's wait:
     * a wait that keeps growing means no dispatcher is running or it cannot keep up. Reported
     * for operators and drills; it does not change `status`. Absent when the database is down.
     */
    dispatch?: { waitingEvents: number; oldestWaitingSeconds: number | null };
  };
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function checkDatabase(deps: Pick<HealthDeps, "db">): Promise<HealthReport["components"]["database"]> {
  const started = performance.now();
  try {
    await withTimeout(deps.db.execute(sql`select 1`), "The database");
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { ok: true, latencyMs, parkedEvents: await withTimeout(countParkedEvents(deps.db), "The database") };
  } catch (error) {
    return { ok: false, latencyMs: null, error: messageOf(error) };
  }
}

export interface HealthOptions {
  /** The workflow task queue whose pollers count as "a worker is up" (default `journeys`). */
  taskQueue?: string;
}

async function checkTemporal(
  deps: Pick<HealthDeps, "temporal">,
  taskQueue: string,
): Promise<Pick<HealthReport["components"], "temporal" | "worker">> {
  let client;
  try {
    client = await withTimeout(deps.temporal(), "Temporal");
    await withTimeout(client.workflowService.getSystemInfo({}), "Temporal");
  } catch (error) {
    const reason = messageOf(error);
    return {
      temporal: { ok: false, error: reason },
      worker: { ok: false, pollers: 0, error: "Temporal is unreachable" },
    };
  }
  try {
    const { pollers } = await withTimeout(
      client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
      }),
      "Temporal",
    );
    const freshAfter = Date.now() - POLLER_FRESH_MS;
    const fresh = pollers.filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= freshAfter).length;
    return {
      temporal: { ok: true },
      worker:
        fresh > 0
          ? { ok: true, pollers: fresh }
          : { ok: false, pollers: 0, error: `No worker polls the "${taskQueue}" task queue` },
    };
  } catch (error) {
    return { temporal: { ok: true }, worker: { ok: false, pollers: 0, error: messageOf(error) } };
  }
}

async function checkDispatch(deps: Pick<HealthDeps, "db">): Promise<HealthReport["components"]["dispatch"]> {
  try {
    const backlog = await withTimeout(findDispatchBacklog(deps.db), "The database");
    return { waitingEvents: backlog.waiting, oldestWaitingSeconds: backlog.oldestWaitingSeconds };
  } catch {
    return undefined; // the database check reports why
  }
}

export async function checkHealth(deps: HealthDeps, options: HealthOptions = {}): Promise<HealthReport> {
  const [database, { temporal, worker }, dispatch] = await Promise.all([
    checkDatabase(deps),
    checkTemporal(deps, options.taskQueue ?? JOURNEY_TASK_QUEUE),
    checkDispatch(deps),
  ]);
  const ok = database.ok && temporal.ok && worker.ok;
  return {
    status: ok ? "ok" : "degraded",
    components: { database, temporal, worker, ...(dispatch ? { dispatch } : {}) },
  };
}
