// API key authentication for ingest and the public read API. Keys arrive as HTTP Basic
// user name (Segment's convention, empty password), as a Bearer token, or — for
// analytics.js, which cannot set headers on its beacon — as `writeKey` in the body.
import type { Db } from "@mailstream/db/client";
import {
  findApiKey,
  touchApiKeyUsed,
  type ApiKeyKind,
  type ApiKeyRole,
  type FoundApiKey,
} from "@mailstream/db/queries/api-keys";

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
 * A rotated key's end is kept with it, so it is not served from memory past its grace period.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const API_KEY_CACHE_MAX = 10_000;
// On globalThis: ingest runs on the web server's own listener and revocations come through the API
// under Next.js, two module graphs in one process; both must clear and read the same entries.
const keyCacheKey = Symbol.for("mailstream.apiKeyCache");
const keyCache = ((globalThis as Record<symbol, unknown>)[keyCacheKey] ??= new Map()) as Map<
  string,
  { at: number; found: FoundApiKey }
>;

async function findApiKeyCached(db: Db, key: string): Promise<FoundApiKey | null> {
  const hit = keyCache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < API_KEY_CACHE_TTL_MS && !(hit.found.expiresAt && hit.found.expiresAt.getTime() <= now))
    return hit.found;
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

/**
 * "Last used" without a write per request: each process writes a key's use at most once a
 * minute, after the answer is decided (never awaited by the request), and the update itself
 * skips keys written by another process within the minute.
 */
export const API_KEY_USE_WRITE_INTERVAL_MS = 60_000;
const lastUseKey = Symbol.for("mailstream.apiKeyLastUse");
const lastUseWritten = ((globalThis as Record<symbol, unknown>)[lastUseKey] ??= new Map()) as Map<string, number>;
const pendingUseWrites = new Set<Promise<void>>();

function noteApiKeyUsed(db: Db, keyId: string): void {
  const now = Date.now();
  const written = lastUseWritten.get(keyId);
  if (written !== undefined && now - written < API_KEY_USE_WRITE_INTERVAL_MS) return;
  if (lastUseWritten.size >= API_KEY_CACHE_MAX) lastUseWritten.clear();
  lastUseWritten.set(keyId, now);
  const write = touchApiKeyUsed(db, keyId)
    .catch((error: unknown) => {
      // Losing one "last used" time is harmless; try again on the next request.
      lastUseWritten.delete(keyId);
      console.warn(`[auth] could not record the use of API key ${keyId}: ${(error as Error).message}`);
    })
    .finally(() => pendingUseWrites.delete(write));
  pendingUseWrites.add(write);
}

/** Waits for the "last used" writes in flight (tests; a graceful shutdown). */
export async function flushApiKeyUses(): Promise<void> {
  await Promise.all([...pendingUseWrites]);
}

/** Resolves a key to its workspace; a write key is refused where a secret key is required. */
export async function authenticateApiKey(db: Db, key: string | null, requirement: KeyRequirement): Promise<AuthResult> {
  if (!key) return { ok: false, error: missingKeyMessage(requirement) };
  const found = await findApiKeyCached(db, key);
  if (!found) return { ok: false, error: "Unknown or revoked API key." };
  if (requirement === "secret" && found.kind !== "secret") {
    return { ok: false, error: "This endpoint needs a secret key; a write key can only send events." };
  }
  noteApiKeyUsed(db, found.id);
  return {
    ok: true,
    keyId: found.id,
    keyPrefix: found.keyPrefix,
    workspaceId: found.workspaceId,
    kind: found.kind,
    role: found.role,
  };
}
