// Which workspace a tRPC request acts for. A secret key picks it; without one (the browser UI
// until login exists) the default workspace is used. Ingest never falls back: it needs a key.
import type { Db } from "@mailstream/db/client";
import { findDefaultWorkspace } from "@mailstream/db/queries/workspaces";
import { AppError, AppErrorCode } from "../errors/app-error";
import { authenticateApiKey, readApiKeyFromHeader, type KeyRequirement } from "../ingest/auth";

export interface ResolveWorkspaceOptions {
  db: Db;
  /** The request's `authorization` header. */
  authorization: string | null;
  /** `secret`: the UI and typed clients (default workspace without a key); `write-or-secret`: ingest (key required). */
  requirement: KeyRequirement;
}

export async function resolveWorkspace({ db, authorization, requirement }: ResolveWorkspaceOptions): Promise<{ workspaceId: string }> {
  const key = readApiKeyFromHeader(authorization);
  if (key || requirement !== "secret") {
    const auth = await authenticateApiKey(db, key, requirement);
    if (!auth.ok) throw new AppError(AppErrorCode.UNAUTHORIZED, auth.error);
    return { workspaceId: auth.workspaceId };
  }
  const workspace = await findDefaultWorkspace(db);
  if (!workspace) throw new AppError(AppErrorCode.PRECONDITION_FAILED, "No workspace exists yet: run the seed (npm start does).");
  return { workspaceId: workspace.id };
}
