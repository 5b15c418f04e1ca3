// A broadcast conversion, written once for every reader (the staggered test's judge, the funnel
// per variant, the CSV): a recipient `r` converted when the goal's track event arrives for their
// contact at or after their send (`r.handled_at`) and before the window closes. Used inside
// queries over `broadcast_recipients r`.
import { sql, type SQL } from "drizzle-orm";

export interface BroadcastGoal {
  /** The track event's name. */
  event: string;
  windowMs: number;
}

/** The contact's goal events inside the window after the send: a FROM … WHERE tail. */
function goalEventsAfterSendSql(goal: BroadcastGoal): SQL {
  return sql`from contacts c join events ev on ev.workspace_id = c.workspace_id and ev.user_id = c.user_id
    where c.id = r.contact_id and ev.type = 'track' and ev.event = ${goal.event}::text
      and ev.timestamp >= r.handled_at
      and ev.timestamp < r.handled_at + make_interval(secs => ${goal.windowMs}::double precision / 1000)`;
}

/** True for a sent recipient who converted; false for everyone when there is no goal. */
export function isConvertedSql(goal: BroadcastGoal | null): SQL {
  if (!goal) return sql`false`;
  return sql`(r.state = 'sent' and exists (select 1 ${goalEventsAfterSendSql(goal)}))`;
}

/** When a sent recipient first converted (null otherwise, and always null without a goal). */
export function convertedAtSql(goal: BroadcastGoal | null): SQL {
  if (!goal) return sql`null::timestamptz`;
  return sql`(case when r.state = 'sent' then (select min(ev.timestamp) ${goalEventsAfterSendSql(goal)}) end)`;
}
