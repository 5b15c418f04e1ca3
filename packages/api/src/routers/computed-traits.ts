// `computedTraits`: definitions edited on the Contacts → Computed traits page.
import { z } from "zod";
import {
  deleteComputedTraitDefinition,
  listComputedTraits,
  saveComputedTraitDefinition,
  ZComputedTraitInputSchema,
} from "@mailstream/core/computed-traits/computed-traits";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZIdSchema = z.object({ id: z.uuid({ message: "id must be a UUID" }) });

export const computedTraitsRouter = createTRPCRouter({
  list: permissionProcedure("catalog:read").query(({ ctx }) => listComputedTraits(ctx.db, ctx.workspaceId)),

  /** Creates (no id) or changes a definition; values are recomputed from history before it returns. */
  save: permissionProcedure("computedTraits:write")
    .input(z.object({ id: z.uuid().optional(), trait: ZComputedTraitInputSchema }))
    .mutation(({ ctx, input }) =>
      saveComputedTraitDefinition(ctx.db, ctx.workspaceId, input.trait, input.id, ctx.audit),
    ),

  delete: permissionProcedure("computedTraits:write")
    .input(ZIdSchema)
    .mutation(({ ctx, input }) => deleteComputedTraitDefinition(ctx.db, ctx.workspaceId, input.id, ctx.audit)),
});
