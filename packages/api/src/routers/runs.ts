// `runs`: list a workspace's journey runs (by journey, contact, status, version), inspect one
// with its step log, end one.
import { z } from "zod";
import { endRun, getRun, listRuns } from "@mailstream/core/runs/runs";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZUuid = (name: string) => z.uuid({ message: `${name} must be a UUID` });
const ZRunIdSchema = z.object({ runId: ZUuid("runId") });

export const ZRunListInputSchema = z.object({
  journeyId: ZUuid("journeyId").optional(),
  contactId: ZUuid("contactId").optional(),
  status: z.enum(["active", "completed", "exited", "failed"]).optional(),
  versionId: ZUuid("versionId").optional(),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").default(50),
});

export const runsRouter = createTRPCRouter({
  /** { items: [{ id, journeyId, journeyName, contactId, contactEmail, contactUserId, versionId, version, status, currentNodeId, entryKey, startedAt, endedAt, endReason, convertedAt }], nextCursor }, newest first. */
  list: permissionProcedure("runs:read")
    .input(ZRunListInputSchema)
    .query(({ ctx, input }) => listRuns(ctx.db, ctx.workspaceId, input)),

  /** { run, version: { id, version, publishedAt, graph }, steps: [{ seq, nodeId, kind, outcome, detail, at }] }. */
  get: permissionProcedure("runs:read")
    .input(ZRunIdSchema)
    .query(({ ctx, input }) => getRun(ctx.db, ctx.workspaceId, input.runId)),

  /** Asks the run to exit (default reason "ended from the UI"); a finished run is a PRECONDITION_FAILED error. */
  end: permissionProcedure("journeys:write")
    .input(
      ZRunIdSchema.extend({ reason: z.string().trim().max(200, "reason must be at most 200 characters").optional() }),
    )
    .mutation(({ ctx, input }) => endRun(ctx, ctx.workspaceId, input.runId, input.reason, ctx.audit)),
});
