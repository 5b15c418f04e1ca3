// Rotates a key: a new secret with the same name, kind and role, returned once; the old key
// keeps working for the grace period chosen (0 to 24 h, judged by the database clock) and is
// revoked at once when it is 0. The old key is locked for the change, so two rotations of one
// key cannot both succeed; a key already rotated, revoked or expired is refused. The audit row
// names the old key and the replacement's id and prefix (never either secret).
import type { Db } from "@mailstream/db/client";
import {
  expireApiKeyAfter,
  generateApiKey,
  insertApiKey,
  lockApiKey,
  revokeApiKey as markRevoked,
} from "@mailstream/db/queries/api-keys";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { clearApiKeyCache } from "../ingest/auth";
import type { CreatedApiKey } from "./create-api-key";
import { assertMayGrant, type KeyActor } from "./key-actor";
import { keyAuditTarget } from "./key-audit-target";
import { API_KEY_NOT_FOUND } from "./revoke-api-key";

export const MAX_ROTATION_GRACE_SECONDS = 24 * 60 * 60;

export interface RotatedApiKey {
  replacement: CreatedApiKey;
  /** The old key: when it stops working (now, for a grace of 0). */
  previous: { id: string; endsAt: Date };
}

export async function rotateApiKey({
  db,
  workspaceId,
  actor,
  id,
  graceSeconds,
  audit,
}: {
  db: Db;
  workspaceId: string;
  actor: KeyActor;
  id: string;
  graceSeconds: number;
  audit?: AuditContext | null;
}): Promise<RotatedApiKey> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_ROTATION_GRACE_SECONDS)
    throw new AppError(AppErrorCode.INVALID_INPUT, "The grace period is 0 to 24 hours, in whole seconds.", {
      issues: [{ path: "graceSeconds", message: "between 0 and 86400" }],
    });
  const rotated = await db.transaction(async (tx) => {
    const old = await lockApiKey(tx, workspaceId, id);
    if (!old) throw new AppError(AppErrorCode.NOT_FOUND, API_KEY_NOT_FOUND);
    if (old.state === "expiring")
      throw new AppError(AppErrorCode.CONFLICT, `"${old.name}" was already rotated: rotate its replacement instead.`);
    if (old.state !== "active")
      throw new AppError(
        AppErrorCode.PRECONDITION_FAILED,
        `"${old.name}" is ${old.state} and cannot be rotated: create a new key instead.`,
      );
    if (old.kind === "secret") assertMayGrant(actor, old.role, "rotate");
    const secret = generateApiKey(old.kind);
    const row = await insertApiKey(tx, workspaceId, old.kind, secret, old.role, {
      name: old.name,
      createdByUserId: actor.userId,
    });
    if (!row) throw new Error("a freshly generated API key collided with a stored one");
    let endsAt: Date;
    if (graceSeconds === 0) {
      await markRevoked(tx, workspaceId, id);
      endsAt = new Date();
    } else endsAt = await expireApiKeyAfter(tx, id, graceSeconds);
    await recordAudit(tx, {
      context: audit,
      action: "apiKey.rotate",
      target: keyAuditTarget(old),
      changes: {
        fields: ["replacementId", "replacementPrefix", "graceSeconds"],
        after: { replacementId: row.id, replacementPrefix: row.keyPrefix, graceSeconds },
      },
    });
    const replacement: CreatedApiKey = {
      id: row.id,
      name: old.name,
      kind: old.kind,
      role: old.role,
      keyPrefix: row.keyPrefix,
      secret,
    };
    return { replacement, previous: { id, endsAt } };
  });
  // The old key's cached entry knows no end yet: drop it so this process applies the new one.
  clearApiKeyCache();
  return rotated;
}
