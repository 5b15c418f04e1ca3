// The one rate limiter: named limits over rate-limiter-flexible's RateLimiterPostgres on the
// app's own pool. Postgres, not memory, because the web app runs as several processes (cluster
// mode, docker-compose) and a per-process counter would hand an attacker N times the attempts
// and forget everything on restart; one upsert per counted request is cheap beside a password
// hash. Every later limit (API keys, test sends, exports) is another `createRateLimiter` call;
// limits on a hot path (ingest, tracking) use `createBudgetLimiter` (./rate-limit-budget.ts),
// the same table drawn from in chunks, so they cost no round trip per request.
import type { Db } from "@mailstream/db/client";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimit {
  /** Prefix of every key of this limit (`sign-in-account`, …); unique per limit. */
  name: string;
  /** How many points a key may spend in `durationSeconds`. */
  points: number;
  durationSeconds: number;
  /** Once spent, the key stays refused this long (defaults to the rest of the window). */
  blockSeconds?: number;
}

export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

export interface RateLimiter {
  /** Refuses (throws RateLimitedError) when `key` has no points left; spends nothing. */
  check(key: string, message: string): Promise<void>;
  /** Spends `points` for `key`; never throws for an exhausted key (use `check` first). */
  spend(key: string, points?: number): Promise<void>;
  /** Forgets `key` (a successful sign-in clears its account's failures). */
  reset(key: string): Promise<void>;
}

/** Created by migration 0019 (packages/db/src/schema/rate-limits.ts). */
export const RATE_LIMIT_TABLE = "rate_limits";

/** drizzle's node-postgres instance keeps its pool as `$client` (createDb in packages/db). */
export function poolOf(db: Db): pg.Pool {
  const pool = (db as Db & { $client?: pg.Pool }).$client;
  if (!pool) throw new Error("rate limiter: this db has no pg pool ($client)");
  return pool;
}

/** The shared count of one limit in `rate_limits`; the budget limiter draws on it too. */
export function limitStore(db: Db, limit: RateLimit): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: poolOf(db),
    storeType: "pool",
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: limit.name,
    points: limit.points,
    duration: limit.durationSeconds,
    blockDuration: limit.blockSeconds ?? 0,
  });
}

export function createRateLimiter(db: Db, limit: RateLimit): RateLimiter {
  const limiter = limitStore(db, limit);
  return {
    async check(key, message) {
      const state = await limiter.get(key);
      if (state && state.remainingPoints <= 0) {
        throw new RateLimitedError(message, Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
      }
    },
    async spend(key, points = 1) {
      try {
        await limiter.consume(key, points);
      } catch (error) {
        // A RateLimiterRes rejection only says the key is now exhausted; `check` reports it.
        if (!(error instanceof RateLimiterRes)) throw error;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
