// `members`: who belongs to the active workspace, and invitations to it. Owners and admins
// (workspace:manage) list, invite, change roles and remove — only to roles they may grant, an
// owner only by an owner; transferring ownership is the owner's (workspace:delete). Each
// mutation is one use case in packages/core/src/members/.
import { ROLES } from "@mailstream/auth/permissions";
import { inviteMember, listInvitations, revokeInvitation } from "@mailstream/core/members/invitations";
import {
  changeMemberRole,
  listWorkspaceMembers,
  removeMember,
  transferOwnership,
} from "@mailstream/core/members/members";
import { z } from "zod";
import { memberActor, spendInvitation } from "../member-actor";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZRoleSchema = z.enum(ROLES, { message: `role must be one of: ${ROLES.join(", ")}` });
const ZUserIdSchema = z.string().trim().min(1, "userId is required").max(200);

export const membersRouter = createTRPCRouter({
  /** Members, open invitations, and what the caller may do (the page offers only that). */
  list: permissionProcedure("workspace:manage").query(async ({ ctx }) => {
    const actor = memberActor(ctx.actor);
    const [members, invitations] = await Promise.all([
      listWorkspaceMembers(ctx.db, ctx.workspaceId),
      listInvitations(ctx.db, ctx.workspaceId),
    ]);
    return {
      workspaceId: ctx.workspaceId,
      members,
      invitations,
      you: { userId: actor.userId, role: actor.role, grantable: actor.grantable },
    };
  }),

  invite: permissionProcedure("workspace:manage")
    .input(z.object({ email: z.string().trim().min(3, "Enter an email address").max(254), role: ZRoleSchema }))
    .mutation(async ({ ctx, input }) => {
      await spendInvitation(ctx.db, ctx.actor);
      return inviteMember({
        db: ctx.db,
        mailer: ctx.systemMail,
        workspaceId: ctx.workspaceId,
        actor: memberActor(ctx.actor),
        inviterName: ctx.actor.kind === "user" ? ctx.actor.user.name || ctx.actor.user.email : null,
        email: input.email,
        role: input.role,
        audit: ctx.audit,
      });
    }),

  revokeInvitation: permissionProcedure("workspace:manage")
    .input(z.object({ invitationId: z.uuid({ message: "invitationId must be a UUID" }) }))
    .mutation(({ ctx, input }) =>
      revokeInvitation({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        invitationId: input.invitationId,
        audit: ctx.audit,
      }),
    ),

  changeRole: permissionProcedure("workspace:manage")
    .input(z.object({ userId: ZUserIdSchema, role: ZRoleSchema }))
    .mutation(({ ctx, input }) =>
      changeMemberRole({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        actor: memberActor(ctx.actor),
        userId: input.userId,
        role: input.role,
        audit: ctx.audit,
      }),
    ),

  remove: permissionProcedure("workspace:manage")
    .input(z.object({ userId: ZUserIdSchema }))
    .mutation(({ ctx, input }) =>
      removeMember({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        actor: memberActor(ctx.actor),
        userId: input.userId,
        audit: ctx.audit,
      }),
    ),

  transferOwnership: permissionProcedure("workspace:delete")
    .input(z.object({ userId: ZUserIdSchema }))
    .mutation(({ ctx, input }) =>
      transferOwnership({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        actor: memberActor(ctx.actor),
        userId: input.userId,
        audit: ctx.audit,
      }),
    ),
});
