// Creates a named write or secret key. The secret is returned here once and never again:
// only its hash is stored. A secret key's role is at most its creator's (403 otherwise). The
// key and its audit row (id, name, prefix — never the secret) commit together.
import type { Db } from "@mailstream/db/client";
import { generateApiKey, insertApiKey, type ApiKeyKind, type ApiKeyRole } from "@mailstream/db/queries/api-keys";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { assertMayGrant, type KeyActor } from "./key-actor";
import { keyAuditTarget } from "./key-audit-target";

export const DEFAULT_SECRET_KEY_ROLE: ApiKeyRole = "developer";

export interface CreatedApiKey {
  id: string;
  name: string;
  kind: ApiKeyKind;
  role: ApiKeyRole;
  keyPrefix: string;
  /** The key itself: shown once, never stored in clear. */
  secret: string;
}

export async function createApiKey({
  db,
  workspaceId,
  actor,
  name,
  kind,
  role = DEFAULT_SECRET_KEY_ROLE,
  audit,
}: {
  db: Db;
  workspaceId: string;
  actor: KeyActor;
  name: string;
  kind: ApiKeyKind;
  /** Secret keys only; a write key only sends events, whatever its stored role. */
  role?: ApiKeyRole;
  audit?: AuditContext | null;
}): Promise<CreatedApiKey> {
  if (kind === "secret") assertMayGrant(actor, role, "create");
  const secret = generateApiKey(kind);
  return db.transaction(async (tx) => {
    const row = await insertApiKey(tx, workspaceId, kind, secret, role, { name, createdByUserId: actor.userId });
    // ~190 random bits: a clash with a stored hash is not a case to handle.
    if (!row) throw new Error("a freshly generated API key collided with a stored one");
    await recordAudit(tx, {
      context: audit,
      action: "apiKey.create",
      target: keyAuditTarget({ id: row.id, name, keyPrefix: row.keyPrefix }),
      changes: { fields: ["kind", "role"], after: { kind, role } },
    });
    return { id: row.id, name, kind, role, keyPrefix: row.keyPrefix, secret };
  });
}
