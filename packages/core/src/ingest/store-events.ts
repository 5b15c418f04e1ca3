// Stores normalized rows: one multi-row INSERT … ON CONFLICT DO NOTHING (+ NOTIFY). Rows
// flagged by their event schema get their problems recorded in the same transaction, so a
// flagged event is never visible without its flag.
import type { Db } from "@mailstream/db/client";
import { insertEventViolations, type EventViolationInput } from "@mailstream/db/queries/event-schemas";
import { insertEventsOnce, type NewEvent } from "@mailstream/db/queries/events";

/** Returns the `workspaceId:messageId` keys inserted (repeats of stored messageIds are skipped). */
export async function storeEvents(
  db: Db,
  rows: readonly NewEvent[],
  violations: readonly EventViolationInput[],
): Promise<Set<string>> {
  if (violations.length === 0) return insertEventsOnce(db, rows);
  return db.transaction(async (tx) => {
    const inserted = await insertEventsOnce(tx, rows);
    // A repeated messageId keeps the first copy's flag (or lack of one): it was stored once.
    await insertEventViolations(
      tx,
      violations.filter((v) => inserted.has(`${v.workspaceId}:${v.messageId}`)),
    );
    return inserted;
  });
}
