// API keys: generation, hashing, lookup and lifecycle (list, revoke, rotate, last use). Only
// the SHA-256 hash is stored, so a leaked database does not leak working keys; the prefix
// lets Settings show which key is which. Expiry is judged by the database clock, so every
// web process agrees when a rotated key's grace period ends.
import { createHash, randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { apiKeys, users } from "../schema/index";

export type ApiKeyKind = "write" | "secret";
/** The roles of packages/auth's permission table; a secret key acts with one of them. */
export type ApiKeyRole = (typeof apiKeys.$inferSelect)["role"];
/** `expiring`: rotated, still working until `expiresAt`; `expired`: that time has passed. */
export type ApiKeyState = "active" | "expiring" | "expired" | "revoked";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PREFIX: Record<ApiKeyKind, string> = { write: "ms_wk_", secret: "ms_sk_" };
/** Characters of a key kept in clear for display: the kind marker plus four random ones. */
const DISPLAY_PREFIX_LENGTH = 10;
const DEFAULT_NAMES: Record<ApiKeyKind, string> = { write: "Write key", secret: "Secret key" };

/** `ms_wk_…` / `ms_sk_…` followed by 32 random base62 characters (~190 bits). */
export function generateApiKey(kind: ApiKeyKind): string {
  let body = "";
  // randomInt is uniform (rejection sampling), so no modulo bias in the alphabet.
  for (let i = 0; i < 32; i++) body += BASE62[randomInt(BASE62.length)];
  return KEY_PREFIX[kind] + body;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * Stores a key by hash and returns its id and display prefix. Inserting a key that already exists is a no-op
 * returning null (seeding is re-run on every start). A secret key acts with `role` (developer
 * unless said); write keys only ingest.
 */
export async function insertApiKey(
  db: Db | Tx,
  workspaceId: string,
  kind: ApiKeyKind,
  key: string,
  role: ApiKeyRole = "developer",
  details: { name?: string; createdByUserId?: string | null } = {},
): Promise<{ id: string; keyPrefix: string } | null> {
  const [row] = await db
    .insert(apiKeys)
    .values({
      workspaceId,
      kind,
      role,
      name: details.name ?? DEFAULT_NAMES[kind],
      createdByUserId: details.createdByUserId ?? null,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
    })
    .onConflictDoNothing({ target: apiKeys.keyHash })
    .returning({ id: apiKeys.id, keyPrefix: apiKeys.keyPrefix });
  return row ?? null;
}

/** Not revoked, and not past the end of a rotation's grace period (database clock). */
const isUsable = and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)));

export interface FoundApiKey {
  id: string;
  /** The key's display prefix: the audit log names a key by it. */
  keyPrefix: string;
  workspaceId: string;
  kind: ApiKeyKind;
  role: ApiKeyRole;
  /** When a rotated key stops working; null for a key without an end. */
  expiresAt: Date | null;
}

/** The workspace, kind and role of a usable key; null for unknown, revoked or expired keys. */
export async function findApiKey(db: Db | Tx, key: string): Promise<FoundApiKey | null> {
  if (!key) return null;
  const rows = await db
    .select({
      id: apiKeys.id,
      keyPrefix: apiKeys.keyPrefix,
      workspaceId: apiKeys.workspaceId,
      kind: apiKeys.kind,
      role: apiKeys.role,
      expiresAt: apiKeys.expiresAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isUsable))
    .limit(1);
  return rows[0] ?? null;
}

const stateOf = sql<ApiKeyState>`case
  when ${apiKeys.revokedAt} is not null then 'revoked'
  when ${apiKeys.expiresAt} is null then 'active'
  when ${apiKeys.expiresAt} > now() then 'expiring'
  else 'expired' end`;

export interface ApiKeySummary {
  id: string;
  name: string;
  kind: ApiKeyKind;
  keyPrefix: string;
  role: ApiKeyRole;
  /** Who created it (null: seeded, made by a key, or the person was deleted). */
  createdBy: { name: string; email: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  state: ApiKeyState;
}

/** Every key of the workspace, newest first, with its creator and its state now. */
export async function listApiKeys(db: Db | Tx, workspaceId: string): Promise<ApiKeySummary[]> {
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      kind: apiKeys.kind,
      keyPrefix: apiKeys.keyPrefix,
      role: apiKeys.role,
      creatorName: users.name,
      creatorEmail: users.email,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      state: stateOf,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(({ creatorName, creatorEmail, ...row }) => ({
    ...row,
    createdBy: creatorEmail === null ? null : { name: creatorName ?? "", email: creatorEmail },
  }));
}

/** One key of this workspace, locked until the transaction ends (revoke and rotate serialise on it). */
export async function lockApiKey(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      kind: apiKeys.kind,
      role: apiKeys.role,
      state: stateOf,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId)))
    .for("update");
  return row ?? null;
}

/** Revokes a key of this workspace; returns false when there is no such active key. */
export async function revokeApiKey(db: Db | Tx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** A rotated key keeps working for `graceSeconds` more (database clock); returns when it stops. */
export async function expireApiKeyAfter(tx: Tx, id: string, graceSeconds: number): Promise<Date> {
  const [row] = await tx
    .update(apiKeys)
    .set({ expiresAt: sql`now() + ${graceSeconds}::int * interval '1 second'` })
    .where(eq(apiKeys.id, id))
    .returning({ expiresAt: apiKeys.expiresAt });
  if (!row?.expiresAt) throw new Error(`api key ${id} vanished while being rotated`);
  return row.expiresAt;
}

/**
 * Records that a key was used. The condition keeps it to one write a minute per key even
 * across web processes (each process also throttles before calling).
 */
export async function touchApiKeyUsed(db: Db | Tx, id: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))),
    );
}

/**
 * Revokes the secret keys one person made in a workspace (they were removed or left): a secret
 * key acts with a role in the workspace, which its maker no longer has. Write keys only send
 * events and are left alone, so removing someone does not stop a site's tracking.
 */
export async function revokeSecretKeysCreatedBy(db: Db | Tx, workspaceId: string, userId: string) {
  return db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.createdByUserId, userId),
        eq(apiKeys.kind, "secret"),
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning({ id: apiKeys.id, name: apiKeys.name, keyPrefix: apiKeys.keyPrefix });
}
