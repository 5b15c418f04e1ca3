// `settings`: the workspace's delivery settings (transport, sender defaults, tracking), its
// template variables, and a test send.
import { z } from "zod";
import {
  getSettings,
  saveGeneralSettings,
  saveTransport,
  saveWorkspaceVariables,
  ZGeneralSettingsSchema,
  ZTransportInputSchema,
  ZWorkspaceVariablesSchema,
} from "@mailstream/core/settings/settings";
import { sendTestEmail } from "@mailstream/core/templates/send-test-email";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const settingsRouter = createTRPCRouter({
  get: permissionProcedure("settings:read").query(({ ctx }) => getSettings(ctx.db, ctx.secret, ctx.workspaceId)),

  saveTransport: permissionProcedure("workspace:manage")
    .input(ZTransportInputSchema)
    .mutation(({ ctx, input }) => saveTransport(ctx.db, ctx.secret, ctx.workspaceId, input, ctx.audit)),

  saveGeneral: permissionProcedure("workspace:manage")
    .input(ZGeneralSettingsSchema)
    .mutation(({ ctx, input }) => saveGeneralSettings(ctx.db, ctx.secret, ctx.workspaceId, input, ctx.audit)),

  /** Replaces the workspace's template variables (`{{ workspace.<key> }}`). */
  saveVariables: permissionProcedure("workspace:manage")
    .input(ZWorkspaceVariablesSchema)
    .mutation(({ ctx, input }) => saveWorkspaceVariables(ctx.db, ctx.secret, ctx.workspaceId, input, ctx.audit)),

  sendTest: permissionProcedure("sends:test")
    .input(z.object({ to: z.email("Enter the address to send the test email to") }))
    .mutation(({ ctx, input }) =>
      sendTestEmail({ db: ctx.db, workspaceId: ctx.workspaceId, to: input.to, secret: ctx.secret }),
    ),
});
