// Slots of a shared send rate (send_rate_limits): reserving is one upsert under the limit's row
// lock, so concurrent workers get consecutive, non-overlapping slots.
import { sql } from "drizzle-orm";
import type { Db } from "../client";

/**
 * Reserves `count` consecutive slots `intervalMs` apart on `key`, none before now, and returns
 * the first slot's instant (epoch ms): the caller may use slot i at `first + i × intervalMs`.
 */
export async function reserveSendSlots(db: Db, key: string, count: number, intervalMs: number): Promise<number> {
  const span = Math.max(0, count) * intervalMs;
  const result = await db.execute<{ next_ms: string }>(sql`
    INSERT INTO send_rate_limits (key, next_at)
    VALUES (${key}, clock_timestamp() + ${span} * interval '1 millisecond')
    ON CONFLICT (key) DO UPDATE
      SET next_at = greatest(send_rate_limits.next_at, clock_timestamp()) + ${span} * interval '1 millisecond'
    RETURNING (extract(epoch FROM next_at) * 1000)::float8 AS next_ms`);
  const next = Number(result.rows[0]?.next_ms);
  if (!Number.isFinite(next)) throw new Error(`reserving send slots on ${key} returned no instant`);
  return next - span;
}
