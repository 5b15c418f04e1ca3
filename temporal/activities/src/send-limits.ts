// Quiet hours and the frequency cap, decided atomically where a send writes its `messages`
// row: under a per-contact advisory lock, the cap count (every queued or sent message of the
// contact, across all journeys) and the insert happen in one transaction, so two runs of one
// contact cannot both take the last slot. A send that may not go now is deferred (nothing is
// written) and the workflow sleeps until the returned instant, then asks again.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@mailstream/db/client";
import { insertMessageOnce, type Message, type NewMessage } from "@mailstream/db/queries/messages-send";
import { HANDED_OFF_STATUSES } from "@mailstream/db/queries/message-status";
import { contacts, messages } from "@mailstream/db/schema";
import { formatDurationMs } from "@mailstream/journey/durations";
import { isValidTimeZone, nextTimeOfDay, parseTimeOfDay } from "@mailstream/journey/time-of-day";

/** The plan's limits for one non-transactional send (transactional sends pass none). */
export interface SendLimits {
  quietHours: { start: string; end: string } | null;
  frequencyCap: { maxEmails: number; periodMs: number } | null;
  /** The journey's zone, for contacts without a (valid) `timezone`. */
  timeZone: string;
}

export interface SendDeferral {
  rule: "quiet_hours" | "frequency_cap";
  /** ISO instant the send may be tried again. */
  until: string;
  reason: string;
}

export type GatedInsert = { message: Message } | { deferred: SendDeferral };

const hourMinute = new Map<string, Intl.DateTimeFormat>();
function minutesOfDay(instant: number, zone: string): number {
  let format = hourMinute.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", hour: "numeric", minute: "numeric" });
    hourMinute.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/**
 * When `now` falls inside the quiet hours [start, end) of `zone` (a window may wrap midnight),
 * the instant they end; otherwise null.
 */
export function quietHoursEndAt(now: number, quietHours: { start: string; end: string }, zone: string): number | null {
  const start = parseTimeOfDay(quietHours.start);
  const end = parseTimeOfDay(quietHours.end);
  if (!start || !end) return null;
  const s = start.hour * 60 + start.minute;
  const e = end.hour * 60 + end.minute;
  const m = minutesOfDay(now, zone);
  const isInside = s < e ? m >= s && m < e : m >= s || m < e;
  return isInside ? nextTimeOfDay(now, quietHours.end, [], zone) : null;
}

/**
 * The zone quiet hours are read in, for journeys and broadcasts alike: the contact's `timezone`,
 * else its `timezone` trait, else the sender's zone (the journey's settings, the broadcast's quiet
 * hours), else UTC.
 */
export function pickContactZone(
  contact: { timezone: string | null; traits: Record<string, unknown> } | undefined,
  fallback: string,
): string {
  const candidates = [contact?.timezone, contact?.traits.timezone, fallback];
  return candidates.find((zone): zone is string => typeof zone === "string" && isValidTimeZone(zone)) ?? "UTC";
}

async function findContactZone(tx: Tx, contactId: string, fallback: string): Promise<string> {
  const [row] = await tx
    .select({ timezone: contacts.timezone, traits: contacts.traits })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .limit(1);
  return pickContactZone(row, fallback);
}

/** The deferral when `now` is inside the quiet hours in `zone`, else null. */
export function quietHoursDeferral(
  now: number,
  quietHours: { start: string; end: string },
  zone: string,
): SendDeferral | null {
  const endAt = quietHoursEndAt(now, quietHours, zone);
  if (endAt === null) return null;
  return {
    rule: "quiet_hours",
    until: new Date(endAt).toISOString(),
    reason: `quiet hours ${quietHours.start}–${quietHours.end} (${zone})`,
  };
}

export function capDeferral(slotAt: number, cap: { maxEmails: number; periodMs: number }): SendDeferral {
  const { maxEmails, periodMs } = cap;
  return {
    rule: "frequency_cap",
    until: new Date(slotAt).toISOString(),
    reason: `frequency cap: ${maxEmails} email${maxEmails === 1 ? "" : "s"} per ${formatDurationMs(periodMs)} reached`,
  };
}

/** The lock key every send of one contact takes before counting its cap (journeys and broadcasts alike). */
function sendLockKey(contactId: string): string {
  return `mailstream:send:${contactId}`;
}

/**
 * Takes the per-contact send locks of many contacts in one statement (a broadcast page), in a
 * fixed order so two pages sharing contacts cannot deadlock. Held until the transaction ends.
 */
export async function lockContactsForSend(tx: Tx, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length === 0) return;
  const keys = [...new Set(contactIds)].sort().map(sendLockKey);
  await tx.execute(sql`
    SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
    FROM (SELECT k FROM unnest(${`{${keys.join(",")}}`}::text[]) AS k ORDER BY k) AS ordered`);
}

/**
 * For each contact at its cap, when a slot opens (the maxEmails-th most recent counted message
 * leaving the window), in one read for a whole page or a single send. Contacts under the cap are absent.
 */
export async function findCapSlotsAt(
  tx: Tx,
  contactIds: readonly string[],
  cap: { maxEmails: number; periodMs: number },
  now: number,
): Promise<Map<string, number>> {
  const slots = new Map<string, number>();
  if (contactIds.length === 0) return slots;
  const counted = ["queued", ...HANDED_OFF_STATUSES];
  const rows = await tx.execute<{ contact_id: string; created_at: string | Date }>(sql`
    SELECT contact_id, created_at FROM (
      SELECT contact_id, created_at,
             row_number() OVER (PARTITION BY contact_id ORDER BY created_at DESC) AS rank
      FROM messages
      WHERE contact_id = ANY(${`{${contactIds.join(",")}}`}::uuid[])
        AND status::text = ANY(${`{${counted.join(",")}}`}::text[])
        AND created_at > ${new Date(now - cap.periodMs).toISOString()}::timestamptz
    ) ranked
    WHERE rank = ${cap.maxEmails}`);
  for (const row of rows.rows) slots.set(row.contact_id, new Date(row.created_at).getTime() + cap.periodMs);
  return slots;
}

/**
 * Inserts the send's message row (once per idempotency key) unless quiet hours or the cap
 * defer it. A row that already exists (a retried activity) passed its checks before and is
 * returned as is. Without limits this is a plain insert-once.
 */
export async function insertMessageWithinLimits(
  db: Db,
  limits: SendLimits | undefined,
  row: NewMessage,
  now: number,
): Promise<GatedInsert> {
  // Nothing to decide: one statement, no transaction around it (the send path counts round trips).
  if (!limits || !row.contactId) return { message: await insertMessageOnce(db, row) };
  const contactId = row.contactId;
  return db.transaction(async (tx) => {
    // Serialises the sends of one contact (all journeys, all workers) until commit.
    await lockContactsForSend(tx, [contactId]);
    const [earlier] = await tx.select().from(messages).where(eq(messages.idempotencyKey, row.idempotencyKey)).limit(1);
    if (earlier) return { message: earlier };
    if (limits.quietHours) {
      const zone = await findContactZone(tx, contactId, limits.timeZone);
      const deferred = quietHoursDeferral(now, limits.quietHours, zone);
      if (deferred) return { deferred };
    }
    if (limits.frequencyCap) {
      const slotAt = (await findCapSlotsAt(tx, [contactId], limits.frequencyCap, now)).get(contactId);
      if (slotAt !== undefined) return { deferred: capDeferral(slotAt, limits.frequencyCap) };
    }
    const [inserted] = await tx
      .insert(messages)
      .values(row)
      .onConflictDoNothing({ target: messages.idempotencyKey })
      .returning();
    if (inserted) return { message: inserted };
    const [existing] = await tx.select().from(messages).where(eq(messages.idempotencyKey, row.idempotencyKey)).limit(1);
    if (!existing) throw new Error(`message with idempotency key ${row.idempotencyKey} vanished after a conflict`);
    return { message: existing };
  });
}
