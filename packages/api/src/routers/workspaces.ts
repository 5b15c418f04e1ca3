// Workspaces of the signed-in person: the list for the switcher, switching this browser's
// active workspace, creating one (its creator becomes owner), and `current` for the shell
// (workspace, role and the permissions the UI uses to hide what the role cannot do).
import { permissionsOf } from "@mailstream/auth/permissions";
import {
  createOwnedWorkspace,
  findWorkspaceSummary,
  listUserWorkspaces,
  switchWorkspace,
} from "@mailstream/core/workspaces/workspaces";
import { z } from "zod";
import { createTRPCRouter, memberProcedure, sessionProcedure } from "../trpc";

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
});
