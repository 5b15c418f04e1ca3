// Slots of a shared send rate (send_rate_limits): reserving is one upsert under the limit's row
// lock, so concurrent workers get consecutive, non-overlapping slots.
import { sql } from "drizzle-orm";
import type { Db } from "../client";

/**
 * Reserves `count` consecutive slots `intervalMs` apart on `key`, none before now, and returns
 * the first slot's instant (epoch ms): the caller may use slot i at `first + i × intervalMs`.
 *
 * With `maxWaitMs` the reservation is conditional, in the same one statement: it is made only if
 * the first slot is due within `maxWaitMs` of now, else nothing changes and the answer is null —
 * a refusal consumes no slot (a send that must not wait long, the local attempt: send-email.ts).
 */
export async function reserveSendSlots(db: Db, key: string, count: number, intervalMs: number): Promise<number>;
export async function reserveSendSlots(
  db: Db,
  key: string,
  count: number,
  intervalMs: number,
  maxWaitMs: number,
): Promise<number | null>;
export async function reserveSendSlots(
  db: Db,
  key: string,
  count: number,
  intervalMs: number,
  maxWaitMs?: number,
): Promise<number | null> {
  const span = Math.max(0, count) * intervalMs;
  // ON CONFLICT … WHERE: a row that fails the test is left as it is and returns nothing.
  const onlyIfDue =
    maxWaitMs === undefined
      ? sql``
      : sql`WHERE send_rate_limits.next_at <= clock_timestamp() + ${Math.max(0, maxWaitMs)} * interval '1 millisecond'`;
  const result = await db.execute<{ next_ms: string }>(sql`
    INSERT INTO send_rate_limits (key, next_at)
    VALUES (${key}, clock_timestamp() + ${span} * interval '1 millisecond')
    ON CONFLICT (key) DO UPDATE
      SET next_at = greatest(send_rate_limits.next_at, clock_timestamp()) + ${span} * interval '1 millisecond'
      ${onlyIfDue}
    RETURNING (extract(epoch FROM next_at) * 1000)::float8 AS next_ms`);
  if (maxWaitMs !== undefined && result.rows.length === 0) return null;
  const next = Number(result.rows[0]?.next_ms);
  if (!Number.isFinite(next)) throw new Error(`reserving send slots on ${key} returned no instant`);
  return next - span;
}
