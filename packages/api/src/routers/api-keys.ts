// `apiKeys`: the workspace's write and secret keys (Settings → API keys): list, create, revoke,
// rotate. Everything needs `apiKeys:write`; a secret key's role is at most the caller's own.
import { canGrantRole, ROLES } from "@mailstream/auth/permissions";
import { createApiKey } from "@mailstream/core/api-keys/create-api-key";
import type { KeyActor } from "@mailstream/core/api-keys/key-actor";
import { listApiKeys } from "@mailstream/core/api-keys/list-api-keys";
import { revokeApiKey } from "@mailstream/core/api-keys/revoke-api-key";
import { MAX_ROTATION_GRACE_SECONDS, rotateApiKey } from "@mailstream/core/api-keys/rotate-api-key";
import { z } from "zod";
import type { Actor } from "../authz";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZKeyNameSchema = z
  .string({ message: "name must be a string" })
  .trim()
  .min(1, "Name the key (what will use it, e.g. “Checkout backend”)")
  .max(80, "A key name has at most 80 characters")
  .regex(/^[^\p{Cc}]*$/u, "A key name cannot contain line breaks or control characters");
const ZKeyIdSchema = z.uuid({ message: "id must be a UUID" });

const ZCreateApiKeyInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("write"), name: ZKeyNameSchema }),
    z.object({
      kind: z.literal("secret"),
      name: ZKeyNameSchema,
      role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` }).optional(),
    }),
  ],
  { message: 'kind must be "write" or "secret"' },
);

/** The caller as the key use cases see it, with the roles it may hand out. */
function keyActor(actor: Actor): KeyActor {
  return {
    userId: actor.kind === "user" ? actor.user.userId : null,
    role: actor.role,
    grantableRoles: ROLES.filter((role) => canGrantRole(actor.role, role)),
  };
}

const keysProcedure = permissionProcedure("apiKeys:write");

export const apiKeysRouter = createTRPCRouter({
  list: keysProcedure.query(({ ctx }) =>
    listApiKeys({ db: ctx.db, workspaceId: ctx.workspaceId, actor: keyActor(ctx.actor) }),
  ),

  create: keysProcedure.input(ZCreateApiKeyInputSchema).mutation(({ ctx, input }) =>
    createApiKey({
      db: ctx.db,
      workspaceId: ctx.workspaceId,
      actor: keyActor(ctx.actor),
      audit: ctx.audit,
      ...input,
    }),
  ),

  revoke: keysProcedure
    .input(z.object({ id: ZKeyIdSchema }))
    .mutation(({ ctx, input }) =>
      revokeApiKey({ db: ctx.db, workspaceId: ctx.workspaceId, id: input.id, audit: ctx.audit }),
    ),

  rotate: keysProcedure
    .input(
      z.object({
        id: ZKeyIdSchema,
        graceSeconds: z
          .number({ message: "graceSeconds must be a number" })
          .int("graceSeconds must be a whole number")
          .min(0, "graceSeconds cannot be negative")
          .max(MAX_ROTATION_GRACE_SECONDS, "The grace period is at most 24 hours (86400 seconds)"),
      }),
    )
    .mutation(({ ctx, input }) =>
      rotateApiKey({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        actor: keyActor(ctx.actor),
        audit: ctx.audit,
        ...input,
      }),
    ),
});
