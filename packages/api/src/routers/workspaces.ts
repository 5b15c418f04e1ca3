// Workspaces of the signed-in person: the list for the switcher, switching this browser's
// active workspace, creating one (its creator becomes owner), and `current` for the shell
// (workspace, role and the permissions the UI uses to hide what the role cannot do).
import { randomBytes } from "node:crypto";
import { permissionsOf } from "@mailstream/auth/permissions";
import {
  createWorkspaceWithOwner,
  findMembership,
  listMemberships,
  setSessionWorkspace,
} from "@mailstream/db/queries/workspace-members";
import { findWorkspaceById } from "@mailstream/db/queries/workspaces";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, memberProcedure, sessionProcedure } from "../trpc";

const ZWorkspaceNameSchema = z.string().trim().min(1, "Name the workspace").max(80, "At most 80 characters");

/** `acme-inc-3f9a1c`: readable, and unique without asking the database first. */
function slugFor(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "workspace";
  return `${base}-${randomBytes(3).toString("hex")}`;
}

export const workspacesRouter = createTRPCRouter({
  list: sessionProcedure.query(async ({ ctx }) => ({
    activeWorkspaceId: ctx.session.workspaceId,
    workspaces: await listMemberships(ctx.db, ctx.session.user.userId),
  })),

  current: memberProcedure.query(async ({ ctx }) => {
    const workspace = await findWorkspaceById(ctx.db, ctx.workspaceId);
    return {
      workspace: workspace ? { id: workspace.id, name: workspace.name, slug: workspace.slug } : null,
      role: ctx.actor.role,
      permissions: permissionsOf(ctx.actor.role),
      user: ctx.actor.kind === "user" ? { email: ctx.actor.user.email, name: ctx.actor.user.name } : null,
    };
  }),

  switch: sessionProcedure.input(z.object({ workspaceId: z.uuid({ message: "workspaceId must be a UUID" }) })).mutation(async ({ ctx, input }) => {
    // Same words for "no such workspace" and "not yours": ids of other tenants stay unconfirmed.
    const role = await findMembership(ctx.db, ctx.session.user.userId, input.workspaceId);
    if (!role) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of that workspace." });
    await setSessionWorkspace(ctx.db, ctx.session.user.sessionId, input.workspaceId);
    return { workspaceId: input.workspaceId, role };
  }),

  create: sessionProcedure.input(z.object({ name: ZWorkspaceNameSchema })).mutation(async ({ ctx, input }) => {
    const workspace = await createWorkspaceWithOwner(ctx.db, { name: input.name, slug: slugFor(input.name), ownerId: ctx.session.user.userId });
    await setSessionWorkspace(ctx.db, ctx.session.user.sessionId, workspace.id);
    return { id: workspace.id, name: workspace.name, slug: workspace.slug, role: "owner" as const };
  }),
});
