// API keys: generation, hashing and lookup. Only the SHA-256 hash is stored, so a leaked
// database does not leak working keys; the prefix lets Settings show which key is which.
import { createHash, randomInt } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { apiKeys } from "../schema/index";

export type ApiKeyKind = "write" | "secret";
/** The roles of packages/auth's permission table; a secret key acts with one of them. */
export type ApiKeyRole = (typeof apiKeys.$inferSelect)["role"];

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PREFIX: Record<ApiKeyKind, string> = { write: "ms_wk_", secret: "ms_sk_" };
/** Characters of a key kept in clear for display: the kind marker plus four random ones. */
const DISPLAY_PREFIX_LENGTH = 10;

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
 * Stores a key by hash. Inserting a key that already exists is a no-op (seeding is re-run on
 * every start). A secret key acts with `role` (developer unless said); write keys only ingest.
 */
export async function insertApiKey(
  db: Db | Tx,
  workspaceId: string,
  kind: ApiKeyKind,
  key: string,
  role: ApiKeyRole = "developer",
): Promise<void> {
  await db
    .insert(apiKeys)
    .values({ workspaceId, kind, role, keyHash: hashApiKey(key), keyPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH) })
    .onConflictDoNothing({ target: apiKeys.keyHash });
}

/** The workspace, kind and role of an active key (with its id and display prefix, for the audit log); null for unknown or revoked keys. */
export async function findApiKey(
  db: Db | Tx,
  key: string,
): Promise<{ id: string; keyPrefix: string; workspaceId: string; kind: ApiKeyKind; role: ApiKeyRole } | null> {
  if (!key) return null;
  const rows = await db
    .select({
      id: apiKeys.id,
      keyPrefix: apiKeys.keyPrefix,
      workspaceId: apiKeys.workspaceId,
      kind: apiKeys.kind,
      role: apiKeys.role,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0] ?? null;
}

export interface ApiKeySummary {
  id: string;
  kind: ApiKeyKind;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Db | Tx, workspaceId: string): Promise<ApiKeySummary[]> {
  return db
    .select({
      id: apiKeys.id,
      kind: apiKeys.kind,
      keyPrefix: apiKeys.keyPrefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key of this workspace; returns false when there is no such active key. */
export async function revokeApiKey(db: Db | Tx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
