// Opens and clicks as send-time optimization reads them: the first open and the first click of
// each message (a client re-opening one email ten times is one habit, not ten), with the zone
// of the contact it went to. Reached through messages_contact_idx → message_events_message_idx,
// so one contact's history costs two index scans; no table of its own to keep fresh.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { audienceContactIdsSql, type BroadcastAudience } from "./broadcasts";

export interface EngagementRow {
  contactId: string;
  kind: "opened" | "clicked";
  at: Date;
  /** The contact's zone column, else its `timezone` trait; unchecked (the reader validates). */
  timeZone: string | null;
}

interface RawRow extends Record<string, unknown> {
  contact_id: string;
  kind: "opened" | "clicked";
  at: string | Date;
  time_zone: string | null;
}

function toRow(row: RawRow): EngagementRow {
  return { contactId: row.contact_id, kind: row.kind, at: new Date(row.at), timeZone: row.time_zone };
}

/** First opens and clicks since `since` of the contacts `scope` selects (a `contact_id` column). */
async function findScopedEngagements(db: Db, workspaceId: string, scope: SQL, since: Date): Promise<EngagementRow[]> {
  const result = await db.execute<RawRow>(sql`
    SELECT m.contact_id, me.type AS kind, min(me.occurred_at) AS at,
           coalesce(c.timezone, c.traits->>'timezone') AS time_zone
    FROM (${scope}) scope
    JOIN messages m ON m.contact_id = scope.contact_id
    JOIN contacts c ON c.id = m.contact_id
    JOIN message_events me ON me.message_id = m.id
    WHERE m.workspace_id = ${workspaceId}
      AND me.type IN ('opened', 'clicked')
      AND me.occurred_at >= ${since.toISOString()}::timestamptz
    GROUP BY m.contact_id, m.id, me.type, c.timezone, c.traits->>'timezone'`);
  return result.rows.map(toRow);
}

/** The engagements of these contacts since `since` (one workspace). */
export async function findContactEngagements(
  db: Db,
  input: { workspaceId: string; contactIds: readonly string[]; since: Date },
): Promise<EngagementRow[]> {
  if (input.contactIds.length === 0) return [];
  const scope = sql`SELECT unnest(${`{${input.contactIds.join(",")}}`}::uuid[]) AS contact_id`;
  return findScopedEngagements(db, input.workspaceId, scope, input.since);
}

/** The engagements of a broadcast audience's members: only engaged contacts come back. */
export async function findAudienceEngagements(
  db: Db,
  input: { audience: BroadcastAudience; since: Date },
): Promise<EngagementRow[]> {
  return findScopedEngagements(db, input.audience.workspaceId, audienceContactIdsSql(input.audience), input.since);
}

/**
 * The workspace's most recent engagements (at most `limit`, newest first), each with its
 * contact's zone: a sample large enough for a workspace-wide hour, read by
 * message_events_ws_time_idx without scanning the workspace's whole history.
 */
export async function findRecentWorkspaceEngagements(
  db: Db,
  input: { workspaceId: string; since: Date; limit: number },
): Promise<EngagementRow[]> {
  const result = await db.execute<RawRow>(sql`
    SELECT m.contact_id, me.type AS kind, me.occurred_at AS at,
           coalesce(c.timezone, c.traits->>'timezone') AS time_zone
    FROM (
      SELECT message_id, type, occurred_at FROM message_events
      WHERE workspace_id = ${input.workspaceId} AND type IN ('opened', 'clicked')
        AND occurred_at >= ${input.since.toISOString()}::timestamptz
      ORDER BY occurred_at DESC LIMIT ${input.limit}
    ) me
    JOIN messages m ON m.id = me.message_id
    JOIN contacts c ON c.id = m.contact_id`);
  return result.rows.map(toRow);
}
