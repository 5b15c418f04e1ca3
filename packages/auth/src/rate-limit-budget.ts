// The hot-path member of the one limiter family (./rate-limit.ts): a limit shared by every web
// process through the same Postgres table, without a database round trip per request. Each
// process keeps an in-memory bucket per key and draws its tokens from the shared count in
// chunks (one `consume(key, chunk)` per chunk); a refused draw blocks the key in memory until
// the window ends, so a flood is turned away without touching the database at all.
// Trade-off, by design: a process may hold up to `chunk - 1` unspent tokens when a window
// ends, so the whole deployment admits at most `points` per window and at worst
// `points - processes × (chunk - 1)`; never more.
import { createHash } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { RateLimiterRes } from "rate-limiter-flexible";
import { limitStore, type RateLimit } from "./rate-limit";

export interface BudgetLimit extends RateLimit {
  /** Tokens a process draws from the shared count at once; defaults to a twentieth of `points`. */
  chunk?: number;
}

export type BudgetDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface BudgetLimiter {
  readonly limit: Readonly<Required<BudgetLimit>>;
  /** Spends one token of `key`; refuses with the seconds until the key's window ends. */
  take(key: string): Promise<BudgetDecision>;
}

interface Bucket {
  tokens: number;
  /** When the drawn tokens lapse: the end of the shared window they were drawn from. */
  expiresAt: number;
  blockedUntil: number;
  refill?: Promise<void>;
}

/** Bounded: a flood of distinct keys (tokens, addresses) cannot grow a process's memory. */
const MAX_BUCKETS = 20_000;
/** Bucket names longer than this are hashed in memory too (20,000 × 128 characters at most). */
const MAX_RAW_BUCKET_KEY = 128;

/**
 * Keys are hashed before they reach the table: API keys and tracking tokens are credentials
 * and addresses are personal data, none of which belongs in `rate_limits`.
 */
export function limiterKey(raw: string): string {
  return createHash("sha256").update(raw).digest("base64url").slice(0, 22);
}

export function createBudgetLimiter(db: Db, input: BudgetLimit): BudgetLimiter {
  const limit: Required<BudgetLimit> = {
    blockSeconds: 0,
    ...input,
    chunk: Math.max(1, Math.min(input.points, input.chunk ?? Math.floor(input.points / 20))),
  };
  const store = limitStore(db, limit);
  const buckets = new Map<string, Bucket>();

  async function draw(key: string, bucket: Bucket): Promise<void> {
    try {
      const res = await store.consume(key, limit.chunk);
      bucket.tokens = limit.chunk;
      bucket.expiresAt = Date.now() + res.msBeforeNext;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // The store counted the whole chunk; what fitted under `points` is still ours to spend.
      const granted = limit.chunk - Math.max(0, error.consumedPoints - limit.points);
      const now = Date.now();
      if (granted > 0) {
        bucket.tokens = granted;
        bucket.expiresAt = now + error.msBeforeNext;
      } else {
        bucket.tokens = 0;
        bucket.blockedUntil = now + error.msBeforeNext;
      }
    }
  }

  async function take(rawKey: string): Promise<BudgetDecision> {
    // The buckets live in this process's memory only, so a key of a bounded length (an API key,
    // a token, an address) names its own: the hash is paid per draw (once per chunk), not per
    // request. A longer one is hashed at once, so the map's size stays bounded.
    const bucketKey = rawKey.length <= MAX_RAW_BUCKET_KEY ? rawKey : limiterKey(rawKey);
    let bucket = buckets.get(bucketKey);
    if (!bucket) {
      if (buckets.size >= MAX_BUCKETS) buckets.clear(); // loses only unspent tokens and blocks
      bucket = { tokens: 0, expiresAt: 0, blockedUntil: 0 };
      buckets.set(bucketKey, bucket);
    }
    for (;;) {
      const now = Date.now();
      if (bucket.blockedUntil > now) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((bucket.blockedUntil - now) / 1000)) };
      }
      if (bucket.tokens > 0 && bucket.expiresAt > now) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      // One draw per bucket at a time: concurrent requests of the same key wait for it.
      if (!bucket.refill) {
        const current = bucket;
        current.refill = draw(limiterKey(rawKey), current).finally(() => {
          current.refill = undefined;
        });
      }
      await bucket.refill;
    }
  }

  return { limit, take };
}
