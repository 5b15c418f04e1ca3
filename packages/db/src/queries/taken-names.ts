// Names already used in a workspace, for use cases that pick a free one ("Cart reminder (2)"):
// the journeys and templates whose names start with any of the given bases, read under a
// per-workspace lock so two creations running at once never choose the same name.
import { and, eq, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "../client";
import { journeys, templates } from "../schema/index";

/** Holds the workspace's naming lock until the transaction ends (other namers wait). */
export async function lockWorkspaceNames(tx: Tx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`names:${workspaceId}`}, 0))`);
}

function startsWithAny(column: AnyPgColumn, bases: readonly string[]): SQL {
  return or(...bases.map((base) => sql`starts_with(${column}, ${base})`)) ?? sql`false`;
}

export async function findTakenTemplateNames(tx: Tx, workspaceId: string, bases: readonly string[]) {
  if (bases.length === 0) return new Set<string>();
  const rows = await tx
    .select({ name: templates.name })
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), startsWithAny(templates.name, bases)));
  return new Set(rows.map((row) => row.name));
}

export async function findTakenJourneyNames(tx: Tx, workspaceId: string, bases: readonly string[]) {
  if (bases.length === 0) return new Set<string>();
  const rows = await tx
    .select({ name: journeys.name })
    .from(journeys)
    .where(and(eq(journeys.workspaceId, workspaceId), startsWithAny(journeys.name, bases)));
  return new Set(rows.map((row) => row.name));
}
