// Backpressure from Temporal to the dispatcher. When events arrive faster than the workers
// run journeys, the surplus waits somewhere: as undispatched events in Postgres (one indexed
// row each, claimed in batches later) or as workflow tasks in Temporal's journeys queue. The
// second is the expensive place: a task that cannot be handed to a waiting poller at once is
// written to the queue's table and read back, and with hundreds of runs in flight the history
// service's cache of run state evicts and reloads them — so each run costs Temporal more
// exactly while it is behind, and a burst leaves it further behind than it found it (measured
// in docs/performance.md, "Sustainable rate"). The gate keeps that queue short: before a
// dispatch round claims events, it waits while the journeys queue's workflow-task backlog is
// above a limit, so the runs already started finish first and the rest of a burst waits,
// cheaply, as events. A Temporal that cannot say (an old server, a failed call) never blocks
// dispatch: the gate then lets the round through, as before it existed.
import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "@temporalio/client";
import type { Logger } from "@mailstream/log";

/** Workflow tasks waiting in the journeys queue above which new starts wait (≈ a second of a worker's work). */
export const DEFAULT_MAX_WORKFLOW_BACKLOG = 100;
/** How often a waiting gate asks again. */
const RECHECK_MS = 250;
/** A backlog under the limit is believed this long, so a busy dispatcher asks a few times a second at most. */
const TRUST_OPEN_MS = 500;

/** Temporal's enums by number (the client does not export @temporalio/proto): workflow tasks, normal queue. */
const TASK_QUEUE_TYPE_WORKFLOW = 1;
const TASK_QUEUE_KIND_NORMAL = 1;

export interface StartGate {
  /** Resolves when the journeys queue's backlog is at or under the limit, or `signal` aborts. */
  waitForRoom(signal: AbortSignal): Promise<void>;
}

export function createStartGate(options: {
  temporal: Client;
  taskQueue: string;
  /** 0 turns the gate off. */
  maxBacklog: number;
  log: Logger;
}): StartGate {
  let openUntil = 0;
  let isUnsupported = false;
  const backlog = async (): Promise<number | null> => {
    try {
      const response = await options.temporal.workflowService.describeTaskQueue({
        namespace: options.temporal.options.namespace,
        taskQueue: { name: options.taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      });
      const count = response.stats?.approximateBacklogCount;
      return count === undefined || count === null ? null : Number(count);
    } catch (error) {
      // Logged once: the gate stays open; dispatch itself reports an unreachable Temporal.
      if (!isUnsupported)
        options.log.warn("dispatch cannot read the journeys queue's backlog; not waiting for it", {}, error);
      isUnsupported = true;
      return null;
    }
  };
  return {
    async waitForRoom(signal) {
      if (options.maxBacklog <= 0 || Date.now() < openUntil) return;
      for (let waited = false; !signal.aborted; waited = true) {
        const count = await backlog();
        if (count === null || count <= options.maxBacklog) {
          openUntil = Date.now() + TRUST_OPEN_MS;
          if (waited) options.log.debug("journeys queue caught up; dispatching again", { backlog: count ?? -1 });
          return;
        }
        await sleep(RECHECK_MS, undefined, { signal }).catch(() => {});
      }
    },
  };
}
