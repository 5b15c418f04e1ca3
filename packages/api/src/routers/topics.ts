// `topics`: subscription topics of the workspace and a contact's state per topic.
import { z } from "zod";
import { addTopic, changeTopic, findContactTopics, findTopics, removeTopic, ZTopicInputSchema } from "@mailstream/core/topics/topics";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const ZTopicIdSchema = z.uuid({ message: "topicId must be a UUID" });

export const topicsRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx }) => findTopics(ctx.db, ctx.workspaceId)),

  create: workspaceProcedure.input(ZTopicInputSchema).mutation(({ ctx, input }) => addTopic(ctx.db, ctx.workspaceId, input)),

  update: workspaceProcedure
    .input(ZTopicInputSchema.extend({ topicId: ZTopicIdSchema }))
    .mutation(({ ctx, input: { topicId, ...input } }) => changeTopic(ctx.db, ctx.workspaceId, topicId, input)),

  delete: workspaceProcedure
    .input(z.object({ topicId: ZTopicIdSchema }))
    .mutation(({ ctx, input }) => removeTopic(ctx.db, ctx.workspaceId, input.topicId)),

  /** The contact profile's "Subscriptions" section. */
  forContact: workspaceProcedure
    .input(z.object({ contactId: z.uuid({ message: "contactId must be a UUID" }) }))
    .query(({ ctx, input }) => findContactTopics(ctx.db, ctx.workspaceId, input.contactId)),
});
