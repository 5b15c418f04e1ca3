// `topics`: subscription topics of the workspace and a contact's state per topic.
import { z } from "zod";
import {
  addTopic,
  changeTopic,
  findContactTopics,
  findTopics,
  removeTopic,
  ZTopicInputSchema,
} from "@mailstream/core/topics/topics";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZTopicIdSchema = z.uuid({ message: "topicId must be a UUID" });

export const topicsRouter = createTRPCRouter({
  list: permissionProcedure("catalog:read").query(({ ctx }) => findTopics(ctx.db, ctx.workspaceId)),

  create: permissionProcedure("topics:write")
    .input(ZTopicInputSchema)
    .mutation(({ ctx, input }) => addTopic(ctx.db, ctx.workspaceId, input, ctx.audit)),

  update: permissionProcedure("topics:write")
    .input(ZTopicInputSchema.extend({ topicId: ZTopicIdSchema }))
    .mutation(({ ctx, input: { topicId, ...input } }) =>
      changeTopic(ctx.db, ctx.workspaceId, topicId, input, ctx.audit),
    ),

  delete: permissionProcedure("topics:write")
    .input(z.object({ topicId: ZTopicIdSchema }))
    .mutation(({ ctx, input }) => removeTopic(ctx.db, ctx.workspaceId, input.topicId, ctx.audit)),

  /** The contact profile's "Subscriptions" section. */
  forContact: permissionProcedure("contacts:read")
    .input(z.object({ contactId: z.uuid({ message: "contactId must be a UUID" }) }))
    .query(({ ctx, input }) => findContactTopics(ctx.db, ctx.workspaceId, input.contactId)),
});
