// Unique contacts beside the run and send counts: how many different people entered a journey
// and got each email. They differ from entries (runs) and sends (messages) when a contact
// enters more than once. Read from the rows, not the rollups (a distinct count does not roll
// up), so the page asks for them on load and every half minute, not every second.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import type { JourneyMetricsFilter } from "./metrics";

export interface JourneyReach {
  /** Different contacts among the runs started in the range (contacts erased since are gone). */
  contactsEntered: number;
  /** Different contacts handed at least one message by each email node in the range. */
  recipientsByNode: Record<string, number>;
}

function windowOf(column: SQL, f: JourneyMetricsFilter): SQL {
  const parts: SQL[] = [];
  if (f.from) parts.push(sql` and ${column} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) parts.push(sql` and ${column} < ${f.to.toISOString()}::timestamptz`);
  return sql.join(parts, sql``);
}

export async function findJourneyReach(db: Db, f: JourneyMetricsFilter): Promise<JourneyReach> {
  const runVersion = f.versionId ? sql` and r.version_id = ${f.versionId}` : sql``;
  const result = await db.execute<{ node_id: string | null; n: string } & Record<string, unknown>>(sql`
    select null as node_id, count(distinct r.contact_id)::text as n
      from journey_runs r
      where r.journey_id = ${f.journeyId}${runVersion}${windowOf(sql`r.started_at`, f)}
    union all
    select m.node_id, count(distinct m.contact_id)::text
      from messages m join journey_runs r on r.id = m.run_id
      where m.journey_id = ${f.journeyId} and m.sent_at is not null${runVersion}${windowOf(sql`m.sent_at`, f)}
      group by m.node_id
  `);
  const reach: JourneyReach = { contactsEntered: 0, recipientsByNode: {} };
  for (const row of result.rows) {
    if (row.node_id === null) reach.contactsEntered = Number(row.n);
    else reach.recipientsByNode[row.node_id] = Number(row.n);
  }
  return reach;
}
