// Segment entry as a journey trigger. Entries are an outbox: a membership row is committed
// with `runs_started_at` null, then each live journey triggered by that segment is started
// through the dispatcher's idempotent `startJourneyRun`, with the entry id standing in for
// the trigger event id — the workflow id is keyed by it, so one entry → one run per journey
// even when a crash makes this run twice — and only then is the entry marked done.
import type { Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { EventRow } from "@mailstream/db/queries/events";
import {
  findContactUserIds,
  findPendingSegmentEntries,
  markSegmentEntryRunsStarted,
  type PendingSegmentEntry,
} from "@mailstream/db/queries/segment-memberships";
import { findSegmentTriggeredJourneys } from "@mailstream/db/queries/segment-triggers";
import { JOURNEY_TASK_QUEUE, type JourneyRunOptions } from "@mailstream/temporal-contracts";
import { startJourneyRun } from "../dispatch/start-run";
import { log, type Logger } from "@mailstream/log";

/** The event name a segment-triggered run sees as its trigger (Liquid `event.event`). */
export const SEGMENT_ENTERED_EVENT = "segment_entered";

export interface SegmentRunDeps {
  db: Db;
  temporal: Client;
  taskQueue?: string;
  runOptions?: JourneyRunOptions;
  startDeadlineMs?: number;
  log?: Logger;
}

/** The trigger a segment entry hands the run: `segment_entered` with the segment in its properties. */
function entryAsEvent(entry: PendingSegmentEntry, userId: string): EventRow & { event: string } {
  return {
    seq: 0,
    id: entry.id,
    workspaceId: entry.workspaceId,
    messageId: `segment-entry:${entry.id}`,
    type: "track",
    userId,
    anonymousId: null,
    event: SEGMENT_ENTERED_EVENT,
    properties: { segmentId: entry.segmentId },
    traits: {},
    context: {},
    timestamp: entry.enteredAt,
    receivedAt: entry.enteredAt,
    dispatchedAt: null,
  };
}

/**
 * Starts the runs of pending entries in scope (at most `limit`); returns how many runs
 * started. A failed start throws and leaves that entry pending for the next attempt.
 */
export async function startPendingEntryRuns(
  deps: SegmentRunDeps,
  scope: { workspaceIds?: readonly string[]; contactIds?: readonly string[]; limit?: number },
): Promise<{ entries: number; runsStarted: number }> {
  const pending = await findPendingSegmentEntries(deps.db, {
    limit: scope.limit ?? 500,
    workspaceIds: scope.workspaceIds,
    contactIds: scope.contactIds,
  });
  if (pending.length === 0) return { entries: 0, runsStarted: 0 };
  const userIds = await findContactUserIds(
    deps.db,
    pending.map((entry) => entry.contactId),
  );
  const journeysByWorkspace = new Map<string, Awaited<ReturnType<typeof findSegmentTriggeredJourneys>>>();
  let runsStarted = 0;
  for (const entry of pending) {
    let journeys = journeysByWorkspace.get(entry.workspaceId);
    if (!journeys) {
      const segmentIds = [
        ...new Set(pending.filter((e) => e.workspaceId === entry.workspaceId).map((e) => e.segmentId)),
      ];
      journeys = await findSegmentTriggeredJourneys(deps.db, entry.workspaceId, segmentIds);
      journeysByWorkspace.set(entry.workspaceId, journeys);
    }
    const userId = userIds.get(entry.contactId);
    // Anonymous contacts have no address to mail yet: they are members, but start no journeys.
    if (userId) {
      for (const journey of journeys.filter((j) => j.plan.trigger.segmentId === entry.segmentId)) {
        const isStarted = await startJourneyRun(
          {
            db: deps.db,
            temporal: deps.temporal,
            taskQueue: deps.taskQueue ?? JOURNEY_TASK_QUEUE,
            runOptions: deps.runOptions,
            startDeadlineMs: deps.startDeadlineMs,
            log: deps.log ?? log,
          },
          { event: entryAsEvent(entry, userId), contactId: entry.contactId, journey },
        );
        if (isStarted) runsStarted++;
      }
    }
    await markSegmentEntryRunsStarted(deps.db, entry.id);
  }
  return { entries: pending.length, runsStarted };
}
