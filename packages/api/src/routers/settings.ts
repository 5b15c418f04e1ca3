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
import { saveEventRetention, ZEventRetentionSchema } from "@mailstream/core/settings/event-retention";
import { saveLinkDomains, ZLinkDomainsSchema } from "@mailstream/core/settings/link-domains";
import { sendTestEmail } from "@mailstream/core/templates/send-test-email";
import { spendTestSend } from "../test-send-limit";
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

  /** Replaces the link-domain list: hosts a Liquid-built link may point at and still be click-tracked. */
  saveLinkDomains: permissionProcedure("workspace:manage")
    .input(ZLinkDomainsSchema)
    .mutation(({ ctx, input }) => saveLinkDomains(ctx.db, ctx.secret, ctx.workspaceId, input, ctx.audit)),

  /** How many days events and message events are kept (null = forever); older ones are removed by the dispatcher. */
  saveEventRetention: permissionProcedure("workspace:manage")
    .input(ZEventRetentionSchema)
    .mutation(({ ctx, input }) => saveEventRetention(ctx.db, ctx.secret, ctx.workspaceId, input, ctx.audit)),

  sendTest: permissionProcedure("sends:test")
    .input(z.object({ to: z.email("Enter the address to send the test email to") }))
    .mutation(async ({ ctx, input }) => {
      await spendTestSend(ctx.db, ctx.actor);
      return sendTestEmail({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        to: input.to,
        secret: ctx.secret,
        outbound: ctx.outbound,
      });
    }),
});
