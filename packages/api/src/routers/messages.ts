// `messages`: the in-app Inbox over the outbox table.
import { z } from "zod";
import { getMessage, listMessages } from "@mailstream/core/messages/messages";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZMessageCursorSchema = z.object({ createdAt: z.date(), id: z.uuid() });

export const messagesRouter = createTRPCRouter({
  list: permissionProcedure("messages:read")
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        cursor: ZMessageCursorSchema.nullish(),
      }),
    )
    .query(({ ctx, input }) => listMessages(ctx.db, ctx.workspaceId, input)),

  byId: permissionProcedure("messages:read")
    .input(z.object({ messageId: z.uuid({ message: "messageId must be a UUID" }) }))
    .query(({ ctx, input }) => getMessage(ctx.db, ctx.workspaceId, input.messageId)),
});
