// Which rollup tier answers a time range: the range is cut into a day-aligned middle read from
// the day tier, hour-aligned edges from the hour tier and minute edges from the minute tier,
// so any range reads at most ~60 minute + ~46 hour rows per counter plus one row per day, and
// the sums equal the minute tier's exactly (every tier is bumped by the same trigger).
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

export type RollupTier = "minute" | "hour" | "day";
export type RollupFamily = "journey_step_rollups" | "email_rollups";

const TIER_MS: Record<RollupTier, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const TIERS: readonly RollupTier[] = ["minute", "hour", "day"];
const TABLES: Record<RollupFamily, Record<RollupTier, string>> = {
  journey_step_rollups: {
    minute: "journey_step_rollups",
    hour: "journey_step_rollups_hour",
    day: "journey_step_rollups_day",
  },
  email_rollups: { minute: "email_rollups", hour: "email_rollups_hour", day: "email_rollups_day" },
};

/** A bucket range `[from, to)` in epoch ms read from one tier; null = unbounded. */
export interface TierSegment {
  tier: RollupTier;
  from: number | null;
  to: number | null;
}

const floorTo = (t: number, tier: RollupTier) => Math.floor(t / TIER_MS[tier]) * TIER_MS[tier];
const ceilTo = (t: number, tier: RollupTier) => Math.ceil(t / TIER_MS[tier]) * TIER_MS[tier];

/**
 * Splits `[from, to)` (minute-aligned `from`, as the minute tier reads it) into segments, the
 * coarsest tier up to `coarsest` covering what it can. UTC days and hours, as the triggers bucket.
 */
export function planTierSegments(from: number | null, to: number | null, coarsest: RollupTier): TierSegment[] {
  const level = TIERS.indexOf(coarsest);
  const start = from === null ? null : floorTo(from, "minute");
  return split(start, to, level);
}

function split(from: number | null, to: number | null, level: number): TierSegment[] {
  const tier = TIERS[level] as RollupTier;
  if (level === 0) return from !== null && to !== null && from >= to ? [] : [{ tier, from, to }];
  const mid0 = from === null ? null : ceilTo(from, tier);
  const mid1 = to === null ? null : floorTo(to, tier);
  if (mid0 !== null && mid1 !== null && mid0 >= mid1) return split(from, to, level - 1);
  const head = from === null || mid0 === from ? [] : split(from, mid0, level - 1);
  const tail = to === null || mid1 === to ? [] : split(mid1, to, level - 1);
  return [...head, { tier, from: mid0, to: mid1 }, ...tail];
}

/**
 * `(select <columns> from <tier> where <where> and <bucket bounds> union all …)`: the rollup rows
 * of `family` for the range, as one derived table to aggregate over.
 */
export function tieredRollups(
  family: RollupFamily,
  columns: SQL,
  where: SQL,
  range: { from?: Date | null; to?: Date | null },
  coarsest: RollupTier,
): SQL {
  const segments = planTierSegments(range.from?.getTime() ?? null, range.to?.getTime() ?? null, coarsest);
  const parts = segments.map((s) => {
    const bounds: SQL[] = [where];
    if (s.from !== null) bounds.push(sql`bucket >= ${new Date(s.from).toISOString()}::timestamptz`);
    if (s.to !== null) bounds.push(sql`bucket < ${new Date(s.to).toISOString()}::timestamptz`);
    return sql`select ${columns} from ${sql.identifier(TABLES[family][s.tier])} where ${sql.join(bounds, sql` and `)}`;
  });
  // An empty range (from >= to) still yields a derived table, with no rows.
  if (parts.length === 0) parts.push(sql`select ${columns} from ${sql.identifier(TABLES[family].minute)} where false`);
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/** A query's text and parameters, for tools that run it themselves (bench:metrics' EXPLAIN). */
export function toRawQuery(query: SQL): { sql: string; params: unknown[] } {
  return new PgDialect().sqlToQuery(query);
}
