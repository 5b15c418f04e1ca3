// `broadcasts`: list, get, create and update a draft, estimate the audience, schedule (send
// now / at a time / at a local time), pause, resume, cancel, progress, and the recipients CSV.
import { z } from "zod";
import { ZBroadcastDraftSchema, ZBroadcastEstimateSchema } from "@mailstream/core/broadcasts/broadcast-input";
import { estimateBroadcast } from "@mailstream/core/broadcasts/broadcast-estimate";
import { scheduleBroadcast, steerBroadcast } from "@mailstream/core/broadcasts/broadcast-lifecycle";
import { exportBroadcastRecipientsCsv, getBroadcastProgress } from "@mailstream/core/broadcasts/broadcast-report";
import {
  createBroadcastDraft,
  getBroadcast,
  listBroadcasts,
  updateBroadcastDraft,
} from "@mailstream/core/broadcasts/broadcasts";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZBroadcastIdSchema = z.object({ broadcastId: z.uuid({ message: "broadcastId must be a UUID" }) });

const steer = (move: "pause" | "resume" | "cancel") =>
  permissionProcedure("broadcasts:send")
    .input(ZBroadcastIdSchema)
    .mutation(({ ctx, input }) =>
      steerBroadcast({ db: ctx.db, temporal: ctx.temporal }, ctx.workspaceId, input.broadcastId, move, ctx.audit),
    );

export const broadcastsRouter = createTRPCRouter({
  /** Newest first, with counts. */
  list: permissionProcedure("broadcasts:read").query(({ ctx }) => listBroadcasts(ctx.db, ctx.workspaceId)),

  get: permissionProcedure("broadcasts:read")
    .input(ZBroadcastIdSchema)
    .query(({ ctx, input }) => getBroadcast(ctx.db, ctx.workspaceId, input.broadcastId)),

  create: permissionProcedure("broadcasts:write")
    .input(ZBroadcastDraftSchema)
    .mutation(({ ctx, input }) => createBroadcastDraft(ctx.db, ctx.workspaceId, input, ctx.audit)),

  update: permissionProcedure("broadcasts:write")
    .input(ZBroadcastDraftSchema.extend(ZBroadcastIdSchema.shape))
    .mutation(({ ctx, input }) => {
      const { broadcastId, ...draft } = input;
      return updateBroadcastDraft(ctx.db, ctx.workspaceId, broadcastId, draft, ctx.audit);
    }),

  /** Audience size, contacts without an address, and how many lack a required template value (per variant). */
  estimate: permissionProcedure("broadcasts:read")
    .input(ZBroadcastEstimateSchema)
    .query(({ ctx, input }) => estimateBroadcast(ctx.db, ctx.workspaceId, input)),

  /** Freezes the template version and starts the send workflow (now, at the time, or at the local time). */
  schedule: permissionProcedure("broadcasts:send")
    .input(ZBroadcastIdSchema)
    .mutation(({ ctx, input }) =>
      scheduleBroadcast({ db: ctx.db, temporal: ctx.temporal }, ctx.workspaceId, input.broadcastId, ctx.audit),
    ),

  pause: steer("pause"),
  resume: steer("resume"),
  cancel: steer("cancel"),

  /** Sent / remaining / ETA and the funnel (sent, delivered, opened, clicked, converted, unsubscribed, bounced, complained). */
  progress: permissionProcedure("broadcasts:read")
    .input(ZBroadcastIdSchema)
    .query(({ ctx, input }) => getBroadcastProgress(ctx.db, ctx.workspaceId, input.broadcastId)),

  /** Every recipient with outcome and reason, as CSV (addresses: people's data). */
  exportCsv: permissionProcedure("messages:read")
    .input(ZBroadcastIdSchema)
    .query(({ ctx, input }) => exportBroadcastRecipientsCsv(ctx.db, ctx.workspaceId, input.broadcastId)),
});
