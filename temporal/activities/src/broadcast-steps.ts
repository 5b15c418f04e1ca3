// The broadcast workflow's bookkeeping activities (journeys queue): freeze the audience when
// sending starts (with a staggered test, the sample first; best-time sends with each contact's
// best hour, send-time/), judge the test, find when deferred recipients are due, and record the end.
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import {
  findBroadcastById,
  findBroadcastVariants,
  moveBroadcastStatus,
  updateBroadcast,
} from "@mailstream/db/queries/broadcasts";
import {
  findNextRetryAt,
  snapshotBroadcastAudience,
  type AudienceSnapshot,
  type BestHoursInput,
} from "@mailstream/db/queries/broadcast-recipients";
import { setBroadcastTestEndsAt } from "@mailstream/db/queries/broadcast-ab";
import type { BroadcastAudience } from "@mailstream/db/queries/broadcasts";
import { findAudienceSendHours } from "@mailstream/core/send-time/contact-best-hour";
import { BROADCAST_PAGE_SIZE } from "@mailstream/db/schema";
import { checkBroadcastTest, type BroadcastTestCheck } from "@mailstream/core/broadcasts/broadcast-ab-decision";
import { AppError } from "@mailstream/core/errors/app-error";

export const PERMANENT_BROADCAST_ERROR = "PermanentBroadcastError";

export interface BroadcastRef {
  broadcastId: string;
  workspaceId: string;
}

/** Best-time sends: the engaged members' own hours and the workspace's for the rest. */
async function bestHoursOf(db: Db, audience: BroadcastAudience, now: number): Promise<BestHoursInput> {
  const { byContact, otherwise } = await findAudienceSendHours(db, { audience, now });
  return { contactIds: [...byContact.keys()], hours: [...byContact.values()], otherwise };
}

/** What the workflow walks: the snapshot's pages, the A/B test's length, and what limits the pages. */
export interface PreparedBroadcastSend extends AudienceSnapshot {
  testDurationMs: number | null;
  /**
   * Whether per-domain limits apply (fixed once scheduled: only a draft is edited). Absent from
   * results recorded before BROADCAST_OVERLAP_PATCH; the workflow then calls one page at a time.
   */
  hasDomainLimits?: boolean;
}

function permanent(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PERMANENT_BROADCAST_ERROR, message, nonRetryable: true });
}

export function createBroadcastStepActivities(db: Db) {
  return {
    /**
     * scheduled → sending, then the snapshot (once; a retry returns the same summary). A
     * broadcast cancelled before its time never snapshots: the workflow ends on the signal.
     */
    async prepareBroadcastSend(input: BroadcastRef & { pageSize?: number }): Promise<PreparedBroadcastSend> {
      const broadcast = await findBroadcastById(db, input.workspaceId, input.broadcastId);
      if (!broadcast) throw permanent(`broadcast ${input.broadcastId} not found`);
      const variants = await findBroadcastVariants(db, broadcast.id);
      const [variant] = variants;
      if (!variant || variants.some((v) => !v.templateVersionId))
        throw permanent(`broadcast ${broadcast.id} has no pinned template`);
      if (!broadcast.segmentId && !broadcast.topicId)
        throw permanent(`broadcast ${broadcast.id} has lost its audience`);
      // A workflow whose schedule never committed (or a draft) must not send.
      if (!["scheduled", "sending", "paused"].includes(broadcast.status)) {
        throw permanent(`broadcast ${broadcast.id} is ${broadcast.status}, not scheduled`);
      }
      await moveBroadcastStatus(db, broadcast.id, ["scheduled"], "sending", { startedAt: new Date() });
      if (!broadcast.startedAt)
        await updateBroadcast(db, broadcast.workspaceId, broadcast.id, { startedAt: new Date() });
      const test = broadcast.abTest && variants.length >= 2 ? broadcast.abTest : null;
      const audience = {
        workspaceId: broadcast.workspaceId,
        segmentId: broadcast.segmentId,
        topicId: broadcast.topicId,
      };
      const startAt = broadcast.sendAt ?? new Date();
      const snapshot = await snapshotBroadcastAudience(db, {
        broadcastId: broadcast.id,
        audience,
        variantId: variant.id,
        pageSize: input.pageSize ?? BROADCAST_PAGE_SIZE,
        localTime: broadcast.scheduleKind === "local_time" ? broadcast.localTime : null,
        bestHours: broadcast.scheduleKind === "best_time" ? await bestHoursOf(db, audience, startAt.getTime()) : null,
        startAt,
        sample: test ? { samplePercent: test.samplePercent, variants } : null,
      });
      return {
        ...snapshot,
        testDurationMs: test ? test.durationMs : null,
        hasDomainLimits: Object.keys(broadcast.domainLimits).length > 0,
      };
    },

    /**
     * Judges the staggered test (core/broadcasts/broadcast-ab-decision.ts): a winner by the test
     * ends it, at the deadline (`isFinal`) the fallback does. `endsAt` is the workflow's deadline,
     * stored for the broadcast page on the first check.
     */
    async checkBroadcastTest(input: BroadcastRef & { endsAt: number; isFinal: boolean }): Promise<BroadcastTestCheck> {
      await setBroadcastTestEndsAt(db, input.broadcastId, new Date(input.endsAt));
      try {
        return await checkBroadcastTest(db, input);
      } catch (error) {
        if (error instanceof AppError) throw permanent(error.message);
        throw error;
      }
    },

    /** Epoch ms of the earliest deferred recipient's retry, or null when none is deferred. */
    async findBroadcastRetryAt(input: BroadcastRef): Promise<number | null> {
      const at = await findNextRetryAt(db, input.broadcastId);
      return at ? at.getTime() : null;
    },

    /** done (from sending or paused), or the finish time of a cancelled send. */
    async finishBroadcast(input: BroadcastRef & { outcome: "done" | "cancelled" }): Promise<void> {
      const finishedAt = new Date();
      if (input.outcome === "done") {
        await moveBroadcastStatus(db, input.broadcastId, ["sending", "paused"], "done", { finishedAt });
      } else {
        await moveBroadcastStatus(db, input.broadcastId, ["cancelled", "scheduled", "sending", "paused"], "cancelled", {
          finishedAt,
        });
      }
    },
  };
}
