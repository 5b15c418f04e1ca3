// Revokes a key of the workspace. It stops working at once in this process and within the key
// cache's 5 s (API_KEY_CACHE_TTL_MS) in every other. Revoking a revoked key again is a no-op,
// so a retried request succeeds (and records nothing more); a key of another workspace is a 404
// like an unknown one. The revocation and its audit row commit together.
import type { Db } from "@mailstream/db/client";
import { lockApiKey, revokeApiKey as markRevoked } from "@mailstream/db/queries/api-keys";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { clearApiKeyCache } from "../ingest/auth";
import { keyAuditTarget } from "./key-audit-target";

export const API_KEY_NOT_FOUND = "No API key with this id in this workspace.";

export async function revokeApiKey({
  db,
  workspaceId,
  id,
  audit,
}: {
  db: Db;
  workspaceId: string;
  id: string;
  audit?: AuditContext | null;
}) {
  const revoked = await db.transaction(async (tx) => {
    const key = await lockApiKey(tx, workspaceId, id);
    if (!key) throw new AppError(AppErrorCode.NOT_FOUND, API_KEY_NOT_FOUND);
    if (key.state === "revoked") return { id, name: key.name, wasActive: false };
    // An expired key is marked too, so the list says plainly that it was ended on purpose.
    await markRevoked(tx, workspaceId, id);
    await recordAudit(tx, { context: audit, action: "apiKey.revoke", target: keyAuditTarget(key) });
    return { id, name: key.name, wasActive: key.state !== "expired" };
  });
  clearApiKeyCache();
  return revoked;
}
