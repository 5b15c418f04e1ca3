// Group commit for single events: concurrent `track`/`identify`/… requests in one process
// share ONE multi-row INSERT (one transaction, one fsync, one NOTIFY per workspace) instead
// of one each. A group closes after GROUP_WINDOW_MS or GROUP_MAX_EVENTS, whichever first;
// every caller's promise settles only after the group's commit (the HTTP 200 still means
// "durably stored"). If the group statement fails, each row is retried on its own so a bad
// row rejects exactly its own caller, and a database outage rejects everyone in the group.
// Dedupe holds inside a group: ON CONFLICT DO NOTHING skips a repeat in the same statement,
// and the first caller with a messageId is the one told "inserted".
import type { Db } from "@mailstream/db/client";
import type { EventViolationInput } from "@mailstream/db/queries/event-schemas";
import type { NewEvent } from "@mailstream/db/queries/events";
import { storeEvents } from "./store-events";

export const GROUP_WINDOW_MS = 2;
export const GROUP_MAX_EVENTS = 200;

interface Pending {
  row: NewEvent;
  /** Set for an event its schema flags: recorded with it, in the group's transaction. */
  violation?: EventViolationInput;
  resolve: (result: { messageId: string; isDuplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

interface Committer {
  pending: Pending[];
  timer: NodeJS.Timeout | null;
}

const committers = new WeakMap<Db, Committer>();

function keyOf(row: NewEvent): string {
  return `${row.workspaceId}:${row.messageId}`;
}

async function flushGroup(db: Db, group: Pending[]): Promise<void> {
  try {
    const inserted = await storeEvents(
      db,
      group.map((item) => item.row),
      group.flatMap((item) => (item.violation ? [item.violation] : [])),
    );
    for (const item of group) {
      const key = keyOf(item.row);
      // Only the first caller of a repeated messageId inside the group counts as inserted.
      const isDuplicate = !inserted.delete(key);
      item.resolve({ messageId: item.row.messageId, isDuplicate });
    }
  } catch (groupError) {
    if (group.length === 1) {
      group[0]!.reject(groupError);
      return;
    }
    await Promise.all(group.map((item) => flushGroup(db, [item])));
  }
}

function flush(db: Db, committer: Committer): void {
  if (committer.timer) clearTimeout(committer.timer);
  committer.timer = null;
  const group = committer.pending;
  committer.pending = [];
  if (group.length > 0) void flushGroup(db, group);
}

/** Stores one event as part of the next group; resolves after that group's commit. */
export function commitEvent(
  db: Db,
  row: NewEvent,
  violation?: EventViolationInput,
): Promise<{ messageId: string; isDuplicate: boolean }> {
  let committer = committers.get(db);
  if (!committer) {
    committer = { pending: [], timer: null };
    committers.set(db, committer);
  }
  const current = committer;
  return new Promise((resolve, reject) => {
    current.pending.push({ row, violation, resolve, reject });
    if (current.pending.length >= GROUP_MAX_EVENTS) flush(db, current);
    else current.timer ??= setTimeout(() => flush(db, current), GROUP_WINDOW_MS);
  });
}
