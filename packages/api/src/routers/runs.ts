// `runs`: list a workspace's journey runs (by journey, contact, status, version), inspect one
// with its step log, end one.
import { z } from "zod";
import { actOnRuns } from "@mailstream/core/runs/run-actions";
import { endRun, getRun, listRuns } from "@mailstream/core/runs/runs";
import { listRunsAtStep } from "@mailstream/core/runs/runs-at-step";
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

/** A plan step id as the canvas writes it. */
const ZNodeId = (name: string) =>
  z.string().trim().min(1, `${name} is required`).max(200, `${name} must be at most 200 characters`);
const ZSearch = z.string().trim().max(200, "search must be at most 200 characters").optional();

export const ZRunsAtStepInputSchema = z.object({
  journeyId: ZUuid("journeyId"),
  nodeId: ZNodeId("nodeId"),
  versionId: ZUuid("versionId").optional(),
  search: ZSearch,
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").default(50),
});

export const ZRunActionInputSchema = z.object({
  journeyId: ZUuid("journeyId"),
  nodeId: ZNodeId("nodeId"),
  action: z.enum(["end", "continue", "move"], { message: "action must be end, continue or move" }),
  toNodeId: ZNodeId("toNodeId").optional(),
  runIds: z.array(ZUuid("runIds[]")).min(1, "choose at least one run").max(500, "at most 500 runs at once").optional(),
  allMatching: z
    .object({
      search: ZSearch,
      versionId: ZUuid("versionId").optional(),
      confirmedCount: z.number().int().min(1, "confirmedCount must be at least 1"),
    })
    .optional(),
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

  /** Who is at a step of a journey now: { items: [{ id, contactId, contactEmail, contactUserId, versionId, version, startedAt, atStepSince, resumesAt, waitingFor }], nextCursor, total } (total: on the first page, null after a cursor). */
  atStep: permissionProcedure("runs:read")
    .input(ZRunsAtStepInputSchema)
    .query(({ ctx, input }) => listRunsAtStep(ctx.db, ctx.workspaceId, input)),

  /** End, continue now or move the chosen runs (or all matching, up to 500, as confirmed): { signalled, notAtStep, actionId }. */
  act: permissionProcedure("runs:manage")
    .input(ZRunActionInputSchema)
    .mutation(({ ctx, input }) => actOnRuns(ctx, ctx.workspaceId, input, ctx.audit)),
});
