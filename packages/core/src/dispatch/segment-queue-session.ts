// The dispatcher drains the segment re-evaluation queue after every round, so what its own
// sessions queue (the contacts it creates while applying events) needs no NOTIFY to wake it:
// its sessions say so with `mailstream.drains_segment_queue = on`, which the queueing
// trigger reads (migration 0040). Every other session still wakes the dispatchers.
export const DRAINS_SEGMENT_QUEUE_SETTING = "mailstream.drains_segment_queue";

/**
 * `databaseUrl` with the setting added to its startup `options` (kept beside any the
 * operator set), so every connection of the process carries it from its first statement.
 */
export function asSegmentQueueDrainer(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const flag = `-c ${DRAINS_SEGMENT_QUEUE_SETTING}=on`;
  const existing = url.searchParams.get("options");
  url.searchParams.set("options", existing ? `${existing} ${flag}` : flag);
  return url.toString();
}
