// The history read behind every computed-trait rebuild: track events attributed to their
// contact (by userId, else by any anonymousId a contact owns), read in ONE statement together
// with that statement's pg_snapshot. The snapshot is the exact answer to "which events did
// this read see" — unlike max(seq), since a seq is taken at insert but the row only becomes
// visible at commit, so a lower seq can commit after a higher one was read.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contactAnonymousIds, contacts, events } from "../schema/index";
import type { TraitEventInput } from "./computed-trait-fold";

export type HistoryEvent = TraitEventInput & { seq: number; contactId: string };

export interface HistoryContact {
  id: string;
  userId: string | null;
  anonymousId: string | null;
}

export interface History {
  rows: HistoryEvent[];
  /** `pg_current_snapshot()` of the read, as text: an event is in `rows` iff its insert_xid is visible in it (and attributable). */
  snapshot: string;
}

export async function readTraitHistory(
  db: Db | Tx,
  scope: { workspaceId: string; eventNames: string[]; contact?: HistoryContact; since?: Date | null },
): Promise<History> {
  const { workspaceId, contact } = scope;
  const contactScope = contact
    ? sql`and ((${contact.userId}::text is not null and e.user_id = ${contact.userId})
              or (e.user_id is null and (e.anonymous_id = ${contact.anonymousId}
                  or e.anonymous_id in (select l.anonymous_id from ${contactAnonymousIds} l where l.contact_id = ${contact.id}::uuid))))`
    : sql``;
  const since = scope.since ? sql`and e.timestamp >= ${scope.since.toISOString()}::timestamptz` : sql``;
  const names = sql`array[${sql.join(
    scope.eventNames.map((name) => sql`${name}`),
    sql`, `,
  )}]::text[]`;
  // An anonymous-only event belongs to the contact owning its anonymousId: a known contact
  // that absorbed it (contact_anonymous_ids) before the anonymous contact of that id.
  const attribution = contact
    ? sql`${contact.id}::uuid`
    : sql`coalesce(cu.id, (select l.contact_id from ${contactAnonymousIds} l where l.workspace_id = e.workspace_id and e.user_id is null and l.anonymous_id = e.anonymous_id), ca.id)`;
  const joins = contact
    ? sql``
    : sql`left join ${contacts} cu on cu.workspace_id = e.workspace_id and e.user_id is not null and cu.user_id = e.user_id
          left join ${contacts} ca on ca.workspace_id = e.workspace_id and e.user_id is null and ca.anonymous_id = e.anonymous_id`;
  const result = await db.execute<{
    snap: string;
    seq: string | null;
    event: string;
    timestamp: string;
    properties: Record<string, unknown>;
    traits: Record<string, unknown>;
    context: Record<string, unknown>;
    contact_id: string | null;
  }>(sql`
    select s.snap, h.* from (select pg_current_snapshot()::text as snap) s
    left join lateral (
      select e.seq, e.event, e.timestamp, e.properties, e.traits, e.context, ${attribution} as contact_id
      from ${events} e ${joins}
      where e.workspace_id = ${workspaceId} and e.type = 'track' and e.event = any(${names}) ${contactScope} ${since}
    ) h on true
    order by h.seq`);
  const rows: HistoryEvent[] = [];
  let snapshot = "";
  for (const row of result.rows) {
    snapshot = row.snap;
    // No contact yet: the event is not dispatched; the dispatcher counts it when it creates the contact.
    if (row.seq === null || !row.contact_id) continue;
    rows.push({
      seq: Number(row.seq),
      contactId: row.contact_id,
      event: row.event,
      timestamp: new Date(row.timestamp),
      properties: row.properties,
      traits: row.traits,
      context: row.context,
    });
  }
  return { rows, snapshot };
}
