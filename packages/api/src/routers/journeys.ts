// `journeys`: list, read, create, save a draft, publish.
import { ZJourneyGraphSchema } from "@mailstream/journey/schema";
import { z } from "zod";
import {
  createJourney,
  getJourney,
  listJourneys,
  publishJourney,
  renameJourneyById,
  saveJourneyDraft,
} from "../services/journeys";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const ZJourneyIdSchema = z.object({ journeyId: z.uuid({ message: "journeyId must be a UUID" }) });
const ZJourneyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the journey a name")
  .max(200, "Name must be at most 200 characters");

export const journeysRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx }) => listJourneys(ctx.db, ctx.workspaceId)),

  byId: workspaceProcedure
    .input(ZJourneyIdSchema)
    .query(({ ctx, input }) => getJourney(ctx.db, ctx.workspaceId, input.journeyId)),

  create: workspaceProcedure
    .input(z.object({ name: ZJourneyNameSchema }))
    .mutation(({ ctx, input }) => createJourney(ctx.db, ctx.workspaceId, input.name)),

  rename: workspaceProcedure
    .input(ZJourneyIdSchema.extend({ name: ZJourneyNameSchema }))
    .mutation(({ ctx, input }) => renameJourneyById(ctx.db, ctx.workspaceId, input.journeyId, input.name)),

  saveDraft: workspaceProcedure
    .input(ZJourneyIdSchema.extend({ graph: ZJourneyGraphSchema }))
    .mutation(({ ctx, input }) => saveJourneyDraft(ctx.db, ctx.workspaceId, input.journeyId, input.graph)),

  /** Publishes the saved draft, or `graph` when given (saved as the draft first). */
  publish: workspaceProcedure
    .input(ZJourneyIdSchema.extend({ graph: ZJourneyGraphSchema.optional() }))
    .mutation(({ ctx, input }) => publishJourney(ctx.db, ctx.workspaceId, input.journeyId, input.graph)),
});
