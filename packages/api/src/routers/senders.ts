// `senders`: the addresses and domains the workspace may send from (Settings → Senders).
import { addSender, listSenders, removeSender, ZSenderInputSchema } from "@mailstream/core/senders/senders";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const sendersRouter = createTRPCRouter({
  list: permissionProcedure("settings:read").query(({ ctx }) => listSenders(ctx.db, ctx.workspaceId)),

  add: permissionProcedure("workspace:manage")
    .input(ZSenderInputSchema)
    .mutation(({ ctx, input }) => addSender(ctx.db, ctx.workspaceId, input, ctx.audit)),

  remove: permissionProcedure("workspace:manage")
    .input(ZSenderInputSchema)
    .mutation(({ ctx, input }) => removeSender(ctx.db, ctx.workspaceId, input, ctx.audit)),
});
