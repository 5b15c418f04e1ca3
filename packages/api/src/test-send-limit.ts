// Test sends are rate-limited per person (per workspace for a secret key) with the one limiter
// (packages/auth/src/rate-limit.ts): a test send is real mail through the workspace's transport,
// so a member — or a stolen session — must not turn the button into a mailer. Refused as
// TOO_MANY_REQUESTS (429) with the wait in seconds; the web route sets Retry-After from it.
import type { Db } from "@mailstream/db/client";
import { createRateLimiter, RateLimitedError, type RateLimiter } from "@mailstream/auth/rate-limit";
import { TRPCError } from "@trpc/server";
import type { Actor } from "./authz";

export const TEST_SEND_LIMIT = { name: "test-send", points: 10, durationSeconds: 60 } as const;

const limiters = new WeakMap<Db, RateLimiter>();

/** Spends one test send of the caller's budget, or throws TOO_MANY_REQUESTS naming the wait. */
export async function spendTestSend(db: Db, actor: Actor): Promise<void> {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = createRateLimiter(db, TEST_SEND_LIMIT);
    limiters.set(db, limiter);
  }
  const key = actor.kind === "user" ? `user:${actor.user.userId}` : `key:${actor.workspaceId}`;
  try {
    await limiter.check(key, `Too many test sends: at most ${TEST_SEND_LIMIT.points} a minute. Try again in a moment.`);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
  }
  await limiter.spend(key);
}

/** The Retry-After of a refused call (tRPC fetch adapter's responseMeta), if any error was a rate limit. */
export function retryAfterHeader(errors: readonly TRPCError[]): Record<string, string> {
  const limited = errors.map((error) => error.cause).find((cause) => cause instanceof RateLimitedError);
  return limited ? { "retry-after": String(limited.retryAfterSeconds) } : {};
}
