// Revokes a key of the workspace. It stops working at once in this process and within the key
// cache's 5 s (API_KEY_CACHE_TTL_MS) in every other. Revoking a revoked key again is a no-op,
// so a retried request succeeds; a key of another workspace is a 404 like an unknown one.
import type { Db } from "@mailstream/db/client";
import { lockApiKey, revokeApiKey as markRevoked } from "@mailstream/db/queries/api-keys";
import { AppError, AppErrorCode } from "../errors/app-error";
import { clearApiKeyCache } from "../ingest/auth";

export const API_KEY_NOT_FOUND = "No API key with this id in this workspace.";

export async function revokeApiKey({ db, workspaceId, id }: { db: Db; workspaceId: string; id: string }) {
  const revoked = await db.transaction(async (tx) => {
    const key = await lockApiKey(tx, workspaceId, id);
    if (!key) throw new AppError(AppErrorCode.NOT_FOUND, API_KEY_NOT_FOUND);
    if (key.state === "revoked") return { id, name: key.name, wasActive: false };
    // An expired key is marked too, so the list says plainly that it was ended on purpose.
    await markRevoked(tx, workspaceId, id);
    return { id, name: key.name, wasActive: key.state !== "expired" };
  });
  clearApiKeyCache();
  return revoked;
}
