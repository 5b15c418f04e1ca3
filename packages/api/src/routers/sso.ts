// `sso`: the instance's single sign-on settings and domain rules, for instance owners only
// (instanceOwnerProcedure). The client secret is write-only: `get` says whether one is set.
import { listAllWorkspaces, listSsoDomainRules } from "@mailstream/core/sso/sso-queries";
import { addSsoDomainRule, removeSsoDomainRule, ZAddSsoDomainRuleInput } from "@mailstream/core/sso/domain-rules";
import { getSsoSettings, saveSsoSettings, ZSaveSsoSettingsInput } from "@mailstream/core/sso/sso-settings";
import { z } from "zod";
import { createTRPCRouter, instanceOwnerProcedure } from "../trpc";

export const ssoRouter = createTRPCRouter({
  get: instanceOwnerProcedure.query(async ({ ctx }) => {
    const [settings, rules, workspaces] = await Promise.all([
      getSsoSettings(ctx.db),
      listSsoDomainRules(ctx.db),
      listAllWorkspaces(ctx.db),
    ]);
    return { settings, rules, workspaces };
  }),

  save: instanceOwnerProcedure
    .input(ZSaveSsoSettingsInput)
    .mutation(({ ctx, input }) => saveSsoSettings(ctx.db, { secret: ctx.secret }, input, ctx.auditOrigin)),

  addRule: instanceOwnerProcedure
    .input(ZAddSsoDomainRuleInput)
    .mutation(({ ctx, input }) => addSsoDomainRule(ctx.db, input, ctx.auditOrigin)),

  removeRule: instanceOwnerProcedure
    .input(z.object({ ruleId: z.uuid({ message: "ruleId must be a UUID" }) }))
    .mutation(async ({ ctx, input }) => {
      await removeSsoDomainRule(ctx.db, input.ruleId, ctx.auditOrigin);
      return { removed: true };
    }),
});
