// The request-rate limits of the public routes (docs/security.md lists every default): ingest
// per API key, tracking per token — never per address, since mail providers' image proxies
// fetch for millions of people from a few addresses — and the unsubscribe page per address.
// All are budget limiters (packages/auth/src/rate-limit-budget.ts): shared across web
// processes through Postgres, no database round trip per request. Sign-in has its own
// limits in packages/auth/src/server.ts.
import { createBudgetLimiter, type BudgetLimit, type BudgetLimiter } from "@mailstream/auth/rate-limit-budget";
import type { Db } from "@mailstream/db/client";
import { errorResponse } from "./responses";

export interface EdgeLimits {
  ingest: BudgetLimiter;
  tracking: BudgetLimiter;
  unsubscribe: BudgetLimiter;
}

export type EdgeLimitSettings = Record<keyof EdgeLimits, BudgetLimit>;

/** 1,000 requests/s per key with bursts to 2,000: one fixed window of 2 s holding 2,000. */
export const DEFAULT_EDGE_LIMITS: EdgeLimitSettings = {
  ingest: { name: "ingest-key", points: 2_000, durationSeconds: 2, chunk: 100 },
  tracking: { name: "tracking-token", points: 60, durationSeconds: 60, chunk: 5 },
  unsubscribe: { name: "unsubscribe-address", points: 300, durationSeconds: 60, chunk: 10 },
};

/** Ingest's per-key limit from a sustained rate and a burst (MAILSTREAM_INGEST_RATE / _BURST). */
export function ingestLimitFor(ratePerSecond: number, burst: number): BudgetLimit {
  const durationSeconds = Math.max(1, Math.round(burst / ratePerSecond));
  return { name: "ingest-key", points: burst, durationSeconds, chunk: Math.max(1, Math.floor(burst / 20)) };
}

export function createEdgeLimits(db: Db, settings: Partial<EdgeLimitSettings> = {}): EdgeLimits {
  const all = { ...DEFAULT_EDGE_LIMITS, ...settings };
  return {
    ingest: createBudgetLimiter(db, all.ingest),
    tracking: createBudgetLimiter(db, all.tracking),
    unsubscribe: createBudgetLimiter(db, all.unsubscribe),
  };
}

// One set per db (i.e. per process and database): the buckets are the point. On globalThis
// because Next evaluates route handlers in separate module graphs.
const registryKey = Symbol.for("mailstream.edgeLimits");
const registry = ((globalThis as Record<symbol, unknown>)[registryKey] ??= new WeakMap()) as WeakMap<Db, EdgeLimits>;

/** This process's limits for `db`: the defaults unless `configureEdgeLimits` ran first. */
export function edgeLimitsFor(db: Db): EdgeLimits {
  let limits = registry.get(db);
  if (!limits) {
    limits = createEdgeLimits(db);
    registry.set(db, limits);
  }
  return limits;
}

/** Sets this process's limits for `db` (the web app from its env, the ingest bench). */
export function configureEdgeLimits(db: Db, settings: Partial<EdgeLimitSettings>): EdgeLimits {
  const limits = createEdgeLimits(db, settings);
  registry.set(db, limits);
  return limits;
}

export function tooManyRequests(message: string, retryAfterSeconds: number): Response {
  return errorResponse(429, message, { "retry-after": String(retryAfterSeconds) });
}

/** A 429 when `key` has spent its budget under `limiter`, else null. */
export async function refuseOverLimit(limiter: BudgetLimiter, key: string, what: string): Promise<Response | null> {
  const decision = await limiter.take(key);
  if (decision.ok) return null;
  const { points, durationSeconds } = limiter.limit;
  return tooManyRequests(
    `Too many requests: ${what} allows ${points} per ${durationSeconds} s. Retry after ${decision.retryAfterSeconds} s.`,
    decision.retryAfterSeconds,
  );
}
