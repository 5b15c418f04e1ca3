// `segments`: list (with live counts), get, create, update, delete, members, sizeHistory.
import { ZSegmentDefinitionSchema } from "@mailstream/journey/segment-definition";
import { z } from "zod";
import {
  createSegment,
  getSegment,
  listSegmentMembers,
  listWorkspaceSegments,
  removeSegment,
  saveSegment,
  segmentSizeHistory,
} from "@mailstream/core/segments/segments";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZSegmentIdSchema = z.uuid({ message: "segmentId must be a UUID" });
const ZNameSchema = z.string().trim().min(1, "Give the segment a name").max(200, "Name must be at most 200 characters");

export const segmentsRouter = createTRPCRouter({
  /** Every segment of the workspace by name: `{ id, name, memberCount, isTimeBased, updatedAt }`. */
  list: permissionProcedure("catalog:read").query(({ ctx }) => listWorkspaceSegments(ctx.db, ctx.workspaceId)),

  get: permissionProcedure("catalog:read")
    .input(z.object({ segmentId: ZSegmentIdSchema }))
    .query(({ ctx, input }) => getSegment(ctx.db, ctx.workspaceId, input.segmentId)),

  create: permissionProcedure("segments:write")
    .input(z.object({ name: ZNameSchema, definition: ZSegmentDefinitionSchema }))
    .mutation(({ ctx, input }) => createSegment(ctx.db, ctx.workspaceId, input, ctx.audit)),

  update: permissionProcedure("segments:write")
    .input(
      z.object({
        segmentId: ZSegmentIdSchema,
        name: ZNameSchema.optional(),
        definition: ZSegmentDefinitionSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { segmentId, ...fields } = input;
      return saveSegment(ctx.db, ctx.workspaceId, segmentId, fields, ctx.audit);
    }),

  delete: permissionProcedure("segments:write")
    .input(z.object({ segmentId: ZSegmentIdSchema }))
    .mutation(({ ctx, input }) => removeSegment(ctx.db, ctx.workspaceId, input.segmentId, ctx.audit)),

  members: permissionProcedure("contacts:read")
    .input(z.object({ segmentId: ZSegmentIdSchema, limit: z.number().int().min(1).max(200).default(25) }))
    .query(({ ctx, input }) => listSegmentMembers(ctx.db, ctx.workspaceId, input.segmentId, input.limit)),

  sizeHistory: permissionProcedure("metrics:read")
    .input(z.object({ segmentId: ZSegmentIdSchema, days: z.number().int().min(1).max(366).default(30) }))
    .query(({ ctx, input }) => segmentSizeHistory(ctx.db, ctx.workspaceId, input.segmentId, input.days)),
});
