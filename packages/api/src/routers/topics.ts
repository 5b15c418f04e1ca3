// `topics`: subscription topics of the workspace and a contact's state per topic.
import { TOPIC_DEFAULTS } from "@mailstream/db/schema";
import { z } from "zod";
import { addTopic, changeTopic, findContactTopics, findTopics, removeTopic } from "../services/topics";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const ZTopicIdSchema = z.uuid({ message: "topicId must be a UUID" });
const ZTopicInputSchema = z.object({
  name: z.string().trim().min(1, "Give the topic a name").max(100, "Name must be at most 100 characters"),
  description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
  defaultMode: z.enum(TOPIC_DEFAULTS, { message: 'defaultMode must be "opt_in" or "opt_out"' }),
});

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
