// `topics`: subscription topics of the workspace and a contact's state per topic.
import { TOPIC_DEFAULTS } from "@mailstream/db/schema";
import { z } from "zod";
import { addTopic, changeTopic, findContactTopics, findTopics, removeTopic } from "../services/topics";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZTopicIdSchema = z.uuid({ message: "topicId must be a UUID" });
const ZTopicInputSchema = z.object({
  name: z.string().trim().min(1, "Give the topic a name").max(100, "Name must be at most 100 characters"),
  description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
  defaultMode: z.enum(TOPIC_DEFAULTS, { message: 'defaultMode must be "opt_in" or "opt_out"' }),
});

export const topicsRouter = createTRPCRouter({
  list: permissionProcedure("catalog:read").query(({ ctx }) => findTopics(ctx.db, ctx.workspaceId)),

  create: permissionProcedure("topics:write").input(ZTopicInputSchema).mutation(({ ctx, input }) => addTopic(ctx.db, ctx.workspaceId, input)),

  update: permissionProcedure("topics:write")
    .input(ZTopicInputSchema.extend({ topicId: ZTopicIdSchema }))
    .mutation(({ ctx, input: { topicId, ...input } }) => changeTopic(ctx.db, ctx.workspaceId, topicId, input)),

  delete: permissionProcedure("topics:write")
    .input(z.object({ topicId: ZTopicIdSchema }))
    .mutation(({ ctx, input }) => removeTopic(ctx.db, ctx.workspaceId, input.topicId)),

  /** The contact profile's "Subscriptions" section. */
  forContact: permissionProcedure("contacts:read")
    .input(z.object({ contactId: z.uuid({ message: "contactId must be a UUID" }) }))
    .query(({ ctx, input }) => findContactTopics(ctx.db, ctx.workspaceId, input.contactId)),
});
