// `suppressions`: the workspace's do-not-mail list (Settings): list, add by hand, remove.
import { z } from "zod";
import { addSuppression, listSuppressions, removeSuppressionEntry } from "@mailstream/core/suppressions/suppressions";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZNoteSchema = z.string().max(500, "Note must be at most 500 characters").default("");
// The address itself is checked by the service, which names what is wrong with it.
const ZAddressSchema = z
  .string({ message: "email must be a string" })
  .max(400, "An email address has at most 320 characters");

export const suppressionsRouter = createTRPCRouter({
  list: permissionProcedure("contacts:read")
    .input(
      z.object({
        search: z.string().max(320).optional(),
        page: z.number().int("page must be a whole number").min(1, "page starts at 1").default(1),
      }),
    )
    .query(({ ctx, input }) => listSuppressions(ctx.db, ctx.workspaceId, input)),

  add: permissionProcedure("suppressions:write")
    .input(z.object({ email: ZAddressSchema, note: ZNoteSchema }))
    .mutation(({ ctx, input }) => addSuppression(ctx.db, ctx.workspaceId, input, ctx.audit)),

  remove: permissionProcedure("suppressions:write")
    .input(
      z.object({
        email: ZAddressSchema,
        note: ZNoteSchema,
        /** Required to lift a hard bounce or complaint. */
        confirmDeliverabilityRisk: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => removeSuppressionEntry(ctx.db, ctx.workspaceId, input, ctx.audit)),
});
