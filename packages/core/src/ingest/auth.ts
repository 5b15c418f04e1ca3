// API key authentication for ingest and the public read API. Keys arrive as HTTP Basic
// user name (Segment's convention, empty password), as a Bearer token, or — for
// analytics.js, which cannot set headers on its beacon — as `writeKey` in the body.
import type { Db } from "@mailstream/db/client";
import { findApiKey, type ApiKeyKind, type ApiKeyRole } from "@mailstream/db/queries/api-keys";

export type KeyRequirement = "write-or-secret" | "secret";

export type AuthResult =
  | { ok: true; keyId: string; keyPrefix: string; workspaceId: string; kind: ApiKeyKind; role: ApiKeyRole }
  | { ok: false; error: string };

/** The key in an Authorization header, or null when there is no usable one. */
export function readApiKeyFromHeader(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (!match) return null;
  const [, scheme, value] = match as unknown as [string, string, string];
  if (scheme.toLowerCase() === "bearer") return value;
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const user = colon === -1 ? decoded : decoded.slice(0, colon);
    return user || null;
  }
  return null;
}

export function missingKeyMessage(requirement: KeyRequirement): string {
  return requirement === "secret"
    ? "Missing API key: send your secret key as `Authorization: Bearer <secret key>`."
    : "Missing API key: send your write key as the HTTP Basic user name or as `Authorization: Bearer <write key>`.";
}

/**
 * Known keys are remembered for a few seconds per process, so a busy ingest path (every
 * `/v1/batch` and `/v1/track` request) does not pay a database round trip for its key. Only
 * hits are cached — a new key works at once — and a revoked key stops working within the TTL.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const API_KEY_CACHE_MAX = 10_000;
type FoundKey = { id: string; keyPrefix: string; workspaceId: string; kind: ApiKeyKind; role: ApiKeyRole };
const keyCache = new Map<string, { at: number; found: FoundKey }>();

async function findApiKeyCached(db: Db, key: string): Promise<FoundKey | null> {
  const hit = keyCache.get(key);
  if (hit && Date.now() - hit.at < API_KEY_CACHE_TTL_MS) return hit.found;
  const found = await findApiKey(db, key);
  if (found) {
    if (keyCache.size >= API_KEY_CACHE_MAX) keyCache.clear(); // bounded: a flood of keys cannot grow it
    keyCache.set(key, { at: Date.now(), found });
  } else keyCache.delete(key);
  return found;
}

/** Forgets every cached key (after revoking one, to make it fail at once in this process). */
export function clearApiKeyCache(): void {
  keyCache.clear();
}

/** Resolves a key to its workspace; a write key is refused where a secret key is required. */
export async function authenticateApiKey(db: Db, key: string | null, requirement: KeyRequirement): Promise<AuthResult> {
  if (!key) return { ok: false, error: missingKeyMessage(requirement) };
  const found = await findApiKeyCached(db, key);
  if (!found) return { ok: false, error: "Unknown or revoked API key." };
  if (requirement === "secret" && found.kind !== "secret") {
    return { ok: false, error: "This endpoint needs a secret key; a write key can only send events." };
  }
  const { id, ...rest } = found;
  return { ok: true, keyId: id, ...rest };
}
