// Session → workspace: who the browser's session belongs to and which workspace it acts on.
// The session's `activeWorkspaceId` is only a hint; the membership (and so the role) is read
// again on every request, so a removed member loses access at once.
import type { Db } from "@mailstream/db/client";
import {
  findMembership,
  listMemberships,
  setSessionWorkspace,
  type Membership,
} from "@mailstream/db/queries/workspace-members";
import type { Role } from "./permissions";
import type { MailstreamAuth } from "./server";

export interface SessionUser {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
}

export type SessionResolution =
  /** No cookie, an expired or signed-out session, or a forged cookie. */
  | { status: "signed-out" }
  /** Signed in, but a member of no workspace (may still create one). */
  | { status: "no-workspace"; user: SessionUser }
  | { status: "member"; user: SessionUser; workspaceId: string; role: Role };

export async function resolveSession(auth: MailstreamAuth, db: Db, headers: Headers): Promise<SessionResolution> {
  // Cookie cache is off (server.ts), so this reads the session row: a signed-out session is gone at once.
  const found = await auth.api.getSession({ headers });
  if (!found) return { status: "signed-out" };
  const user: SessionUser = {
    userId: found.user.id,
    sessionId: found.session.id,
    email: found.user.email,
    name: found.user.name,
  };
  const active = (found.session as { activeWorkspaceId?: string | null }).activeWorkspaceId ?? null;
  if (active) {
    const role = await findMembership(db, user.userId, active);
    if (role) return { status: "member", user, workspaceId: active, role };
  }
  // No active workspace yet, or no longer a member of it: the oldest membership, remembered.
  const [first] = await listMemberships(db, user.userId);
  if (!first) return { status: "no-workspace", user };
  await setSessionWorkspace(db, user.sessionId, first.workspaceId);
  return { status: "member", user, workspaceId: first.workspaceId, role: first.role };
}

export type { Membership };

/** Every workspace of the user, for the shell's switcher. */
export function listUserWorkspaces(db: Db, userId: string): Promise<Membership[]> {
  return listMemberships(db, userId);
}
