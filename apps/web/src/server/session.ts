// The server-side session check every page goes through (the root layout calls it): the
// middleware only saw a cookie; this reads the session row and the membership, and sends a
// signed-out browser to /sign-in. A person without any workspace gets `workspace: null`.
import { listUserWorkspaces, resolveSession, type Membership } from "@mailstream/auth/actor";
import { isInstanceOwner } from "@mailstream/auth/instance-owner";
import { permissionsOf, type Permission, type Role } from "@mailstream/auth/permissions";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "./auth";
import { getDeps } from "./deps";

export interface ShellSession {
  user: { email: string; name: string };
  workspace: { id: string; role: Role; permissions: Permission[] } | null;
  memberships: Membership[];
  /** May configure instance settings (single sign-on); the sidebar offers them. */
  isInstanceOwner: boolean;
}

/** The signed-in person, or a redirect to /sign-in (`next` brings them back to `pathname`). */
export async function requireSession(pathname: string): Promise<ShellSession> {
  const session = await getShellSession();
  if (!session) redirect(pathname && pathname !== "/" ? `/sign-in?next=${encodeURIComponent(pathname)}` : "/sign-in");
  return session;
}

export async function getShellSession(): Promise<ShellSession | null> {
  const { db } = getDeps();
  const resolved = await resolveSession(getAuth(), db, new Headers(await headers()));
  if (resolved.status === "signed-out") return null;
  const memberships = await listUserWorkspaces(db, resolved.user.userId);
  return {
    user: { email: resolved.user.email, name: resolved.user.name },
    workspace:
      resolved.status === "member"
        ? { id: resolved.workspaceId, role: resolved.role, permissions: permissionsOf(resolved.role) }
        : null,
    memberships,
    isInstanceOwner: await isInstanceOwner(db, resolved.user.userId),
  };
}
