// The budget limiter against the real Postgres table: two limiters on one key stand for two
// web processes sharing one budget; the pool's checkouts count the database round trips.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";
import { describe, expect, it } from "vitest";
import { createBudgetLimiter } from "./rate-limit-budget";

// Its own pool (a distinct URL), so its checkouts are this test's round trips alone.
const { db, pool } = createDb(
  `${testEnv().databaseUrl}${testEnv().databaseUrl.includes("?") ? "&" : "?"}application_name=budget-test`,
);

function countRoundTrips(): () => number {
  let count = 0;
  pool.on("acquire", () => count++);
  return () => count;
}

describe("createBudgetLimiter", () => {
  it("two processes share one budget, drawn in chunks, and refuse in memory once it is spent", async () => {
    const limit = { name: `budget-${randomUUID()}`, points: 20, durationSeconds: 60, chunk: 5 };
    const processA = createBudgetLimiter(db, limit);
    const processB = createBudgetLimiter(db, limit);
    const roundTrips = countRoundTrips();

    const decisions = [];
    for (let i = 0; i < 15; i++) decisions.push(await processA.take("key-1"), await processB.take("key-1"));
    const admitted = decisions.filter((d) => d.ok).length;
    expect(admitted).toBe(20);
    const refused = decisions.find((d) => !d.ok);
    expect(refused).toMatchObject({ ok: false });
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeGreaterThan(50);

    // 4 chunk draws + one refused draw per process; later refusals never reach the database.
    const tripsAtBlock = roundTrips();
    expect(tripsAtBlock).toBeLessThanOrEqual(6);
    for (let i = 0; i < 50; i++) expect((await processA.take("key-1")).ok).toBe(false);
    expect(roundTrips()).toBe(tripsAtBlock);

    // Another key has its own budget.
    expect((await processA.take("key-2")).ok).toBe(true);
  });

  it("a key longer than a bucket name may be (hashed in memory too) shares its budget across processes alike", async () => {
    const limit = { name: `budget-${randomUUID()}`, points: 6, durationSeconds: 60, chunk: 2 };
    const processA = createBudgetLimiter(db, limit);
    const processB = createBudgetLimiter(db, limit);
    const longKey = `long-${"x".repeat(300)}`;
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await processA.take(longKey), await processB.take(longKey));
    expect(decisions.filter((d) => d.ok)).toHaveLength(6);
    // A short key that is a prefix of it is another key.
    expect((await processA.take(longKey.slice(0, 100))).ok).toBe(true);
  });

  it("concurrent requests of one key wait for a single draw", async () => {
    const limiter = createBudgetLimiter(db, {
      name: `budget-${randomUUID()}`,
      points: 100,
      durationSeconds: 60,
      chunk: 50,
    });
    const roundTrips = countRoundTrips();
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.take("key")));
    expect(decisions.every((d) => d.ok)).toBe(true);
    expect(roundTrips()).toBe(1);
  });
});
