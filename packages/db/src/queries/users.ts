// People who sign in: the user rows and password accounts that better-auth also reads. Only
// code that creates people outside sign-up (the demo owner, test members) writes here; the
// password hash is computed by the caller with better-auth's own hasher.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { accounts, users } from "../schema/index";

/** better-auth's credential provider id; its account id is the user id. */
const CREDENTIAL = "credential";

export async function findUserIdByEmail(db: Db | Tx, email: string): Promise<string | null> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return rows[0]?.id ?? null;
}

/** A user's email (how the audit log and the members page name a person); null when unknown. */
export async function findUserEmail(db: Db | Tx, userId: string): Promise<string | null> {
  const rows = await db.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return rows[0]?.email ?? null;
}

/**
 * A verified user with a password account; returns the new user id. Pass a transaction to
 * make it part of a larger change (an invitation accepted by signing up).
 */
export async function insertPasswordUser(
  db: Db | Tx,
  input: { email: string; name: string; passwordHash: string },
): Promise<string> {
  const userId = randomUUID();
  const insert = async (tx: Db | Tx) => {
    await tx
      .insert(users)
      .values({ id: userId, email: input.email.trim().toLowerCase(), name: input.name, emailVerified: true });
    await tx
      .insert(accounts)
      .values({ id: randomUUID(), userId, accountId: userId, providerId: CREDENTIAL, password: input.passwordHash });
  };
  // A Tx is already atomic; a plain handle gets its own transaction.
  if ("rollback" in db) await insert(db);
  else await db.transaction(insert);
  return userId;
}

export async function findPasswordHash(
  db: Db | Tx,
  userId: string,
): Promise<{ accountId: string; hash: string | null } | null> {
  const rows = await db
    .select({ accountId: accounts.id, hash: accounts.password })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, CREDENTIAL)))
    .limit(1);
  return rows[0] ?? null;
}

/** Sets the user's password hash, adding the password account when they had none. */
export async function setPasswordHash(db: Db | Tx, userId: string, passwordHash: string): Promise<void> {
  const existing = await findPasswordHash(db, userId);
  if (existing) {
    await db
      .update(accounts)
      .set({ password: passwordHash, updatedAt: new Date() })
      .where(eq(accounts.id, existing.accountId));
  } else {
    await db
      .insert(accounts)
      .values({ id: randomUUID(), userId, accountId: userId, providerId: CREDENTIAL, password: passwordHash });
  }
}
