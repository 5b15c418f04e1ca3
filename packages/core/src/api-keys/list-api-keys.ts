// The API keys page's data: every key of the workspace (never its secret) and the roles the
// caller may give a new secret key.
import type { Db } from "@mailstream/db/client";
import { listApiKeys as findApiKeys, type ApiKeySummary } from "@mailstream/db/queries/api-keys";
import type { KeyActor } from "./key-actor";

export async function listApiKeys({ db, workspaceId, actor }: { db: Db; workspaceId: string; actor: KeyActor }) {
  const keys: ApiKeySummary[] = await findApiKeys(db, workspaceId);
  return { keys, grantableRoles: [...actor.grantableRoles] };
}
