// Workspaces of the signed-in person: the list for the switcher, switching this browser's
// active workspace, creating one (its creator becomes owner), and `current` for the shell
// (workspace, role and the permissions the UI uses to hide what the role cannot do); renaming
// (owners and admins) and deleting (owners) the active one; leaving one, and accepting an
// invitation while signed in.
import { permissionsOf } from "@mailstream/auth/permissions";
import { acceptInvitation } from "@mailstream/core/members/invitations";
import { leaveWorkspace } from "@mailstream/core/members/members";
import {
  createOwnedWorkspace,
  deleteOwnedWorkspace,
  findWorkspaceSummary,
  listUserWorkspaces,
  renameWorkspace,
  switchWorkspace,
} from "@mailstream/core/workspaces/workspaces";
import { z } from "zod";
import { createTRPCRouter, memberProcedure, permissionProcedure, sessionProcedure } from "../trpc";

const ZWorkspaceNameSchema = z.string().trim().min(1, "Name the workspace").max(80, "At most 80 characters");

export const workspacesRouter = createTRPCRouter({
  list: sessionProcedure.query(async ({ ctx }) => ({
    activeWorkspaceId: ctx.session.workspaceId,
    workspaces: await listUserWorkspaces(ctx.db, ctx.session.user.userId),
  })),

  current: memberProcedure.query(async ({ ctx }) => ({
    workspace: await findWorkspaceSummary(ctx.db, ctx.workspaceId),
    role: ctx.actor.role,
    permissions: permissionsOf(ctx.actor.role),
    user: ctx.actor.kind === "user" ? { email: ctx.actor.user.email, name: ctx.actor.user.name } : null,
  })),

  switch: sessionProcedure
    .input(z.object({ workspaceId: z.uuid({ message: "workspaceId must be a UUID" }) }))
    .mutation(({ ctx, input }) =>
      switchWorkspace({
        db: ctx.db,
        userId: ctx.session.user.userId,
        sessionId: ctx.session.user.sessionId,
        workspaceId: input.workspaceId,
      }),
    ),

  create: sessionProcedure.input(z.object({ name: ZWorkspaceNameSchema })).mutation(({ ctx, input }) =>
    createOwnedWorkspace({
      db: ctx.db,
      userId: ctx.session.user.userId,
      sessionId: ctx.session.user.sessionId,
      name: input.name,
      audit: ctx.auditOrigin,
    }),
  ),

  rename: permissionProcedure("workspace:manage")
    .input(z.object({ name: ZWorkspaceNameSchema }))
    .mutation(({ ctx, input }) =>
      renameWorkspace({ db: ctx.db, workspaceId: ctx.workspaceId, name: input.name, audit: ctx.audit }),
    ),

  /** Deletes the active workspace and everything in it; `confirmName` must be its name. */
  delete: permissionProcedure("workspace:delete")
    .input(z.object({ confirmName: z.string().max(200) }))
    .mutation(({ ctx, input }) =>
      deleteOwnedWorkspace({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        actorUserId: ctx.actor.kind === "user" ? ctx.actor.user.userId : null,
        confirmName: input.confirmName,
        audit: ctx.audit,
      }),
    ),

  leave: sessionProcedure
    .input(z.object({ workspaceId: z.uuid({ message: "workspaceId must be a UUID" }) }))
    .mutation(({ ctx, input }) =>
      leaveWorkspace({ db: ctx.db, workspaceId: input.workspaceId, userId: ctx.session.user.userId }),
    ),

  /** A signed-in person joins through an invitation link addressed to them. */
  acceptInvitation: sessionProcedure
    .input(z.object({ token: z.string().min(1, "token is required").max(200) }))
    .mutation(({ ctx, input }) =>
      acceptInvitation({
        db: ctx.db,
        token: input.token,
        userId: ctx.session.user.userId,
        userEmail: ctx.session.user.email,
        sessionId: ctx.session.user.sessionId,
        sourceAddress: ctx.auditOrigin.sourceAddress,
      }),
    ),
});
