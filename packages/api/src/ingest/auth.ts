// API key authentication for ingest and the public read API. Keys arrive as HTTP Basic
// user name (Segment's convention, empty password), as a Bearer token, or — for
// analytics.js, which cannot set headers on its beacon — as `writeKey` in the body.
import type { Db } from "@mailstream/db/client";
import { findApiKey, type ApiKeyKind } from "@mailstream/db/queries/api-keys";

export type KeyRequirement = "write-or-secret" | "secret";

export type AuthResult =
  | { ok: true; workspaceId: string; kind: ApiKeyKind }
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

/** Resolves a key to its workspace; a write key is refused where a secret key is required. */
export async function authenticateApiKey(db: Db, key: string | null, requirement: KeyRequirement): Promise<AuthResult> {
  if (!key) return { ok: false, error: missingKeyMessage(requirement) };
  const found = await findApiKey(db, key);
  if (!found) return { ok: false, error: "Unknown or revoked API key." };
  if (requirement === "secret" && found.kind !== "secret") {
    return { ok: false, error: "This endpoint needs a secret key; a write key can only send events." };
  }
  return { ok: true, ...found };
}
