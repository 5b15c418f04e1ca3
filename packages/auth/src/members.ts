// People with a password: creating a user and their credential account the way better-auth's
// sign-up would (its scrypt hash), for the demo owner and for tests that need a member of a
// given role, and the hash of a password chosen on an invitation's accept page.
import type { Db } from "@mailstream/db/client";
import { findPasswordHash, findUserIdByEmail, insertPasswordUser, setPasswordHash } from "@mailstream/db/queries/users";
import { addMemberIfAbsent } from "@mailstream/db/queries/workspace-members";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import type { Role } from "./permissions";

/**
 * The user with this email, created when missing, whose password is `password` afterwards
 * (an existing different password is replaced). Returns the user id.
 */
export async function ensurePasswordUser(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<string> {
  const existing = await findUserIdByEmail(db, input.email);
  if (!existing)
    return insertPasswordUser(db, {
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
  const current = await findPasswordHash(db, existing);
  if (!current?.hash || !(await verifyPassword({ hash: current.hash, password: input.password }))) {
    await setPasswordHash(db, existing, await hashPassword(input.password));
  }
  return existing;
}

/** A user with a password who is a member of `workspaceId` with `role` (kept if already a member). */
export async function ensureMember(
  db: Db,
  input: { email: string; name: string; password: string; workspaceId: string; role: Role },
): Promise<string> {
  const userId = await ensurePasswordUser(db, input);
  await addMemberIfAbsent(db, { workspaceId: input.workspaceId, userId, role: input.role });
  return userId;
}

/** A password hashed the way better-auth's sign-up stores it (scrypt). */
export function hashUserPassword(password: string): Promise<string> {
  return hashPassword(password);
}
