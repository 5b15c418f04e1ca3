// The mark of a test run's scratch workspace (scratch-workspaces.ts), in a module of its own so
// the workspace-wide sweeps can leave scratch workspaces out without importing the copier.
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { workspaces } from "../schema";

/** Slugs users cannot choose (they are `[a-z0-9-]`), so the prefix marks scratch workspaces only. */
export const SCRATCH_SLUG_PREFIX = "~test-run-";

/** True for rows whose workspace is not a scratch one: sweeps must not touch a running test's copies. */
export function isRealWorkspace(workspaceId: AnyPgColumn): SQL {
  return sql`not exists (select 1 from ${workspaces} w where w.id = ${workspaceId} and w.slug like ${`${SCRATCH_SLUG_PREFIX}%`})`;
}
