// The event names a test-run script may use: what the workspace has seen (catalogue), declared
// (event schemas) or sent lately. Read once per test run.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { catalogueEntries, eventSchemas, events } from "../schema";

export async function findKnownEventNames(db: Db, workspaceId: string): Promise<Set<string>> {
  const [catalogued, declared, recent] = await Promise.all([
    db
      .select({ name: catalogueEntries.event })
      .from(catalogueEntries)
      .where(and(eq(catalogueEntries.workspaceId, workspaceId), eq(catalogueEntries.kind, "event"))),
    db.select({ name: eventSchemas.eventName }).from(eventSchemas).where(eq(eventSchemas.workspaceId, workspaceId)),
    db.execute<{ name: string }>(sql`
      select distinct event as name from (
        select event from ${events} where workspace_id = ${workspaceId} and event is not null
        order by seq desc limit 5000) recent`),
  ]);
  return new Set([...catalogued, ...declared, ...recent.rows].map((row) => row.name));
}
