// The email queue's provider rate for broadcast pages, shared through Postgres: two workers
// (two pools, two paced transports on one key) handing over pages at once still get slots one
// interval apart, and the provider sees calls no closer than the rate allows.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, createDb } from "@mailstream/db/client";
import { reserveSendSlots } from "@mailstream/db/queries/send-rate-limits";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { runActivity } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import { paceTransport } from "./provider-rate";

// A second pool stands in for a second worker process: its own connections to the same database.
const otherUrl = `${testEnv().databaseUrl}${testEnv().databaseUrl.includes("?") ? "&" : "?"}application_name=second-worker`;
const { db: otherDb } = createDb(otherUrl, { max: 4 });
afterAll(() => closeDb(otherUrl));

describe("shared provider rate", () => {
  it("gives concurrent reservations from two workers consecutive slots, one interval apart", async () => {
    const { db } = createDb(testEnv().databaseUrl);
    const key = `test:${randomUUID()}`;
    const firsts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reserveSendSlots(i % 2 ? otherDb : db, key, 1, 50)),
    );
    const sorted = [...firsts].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(50 - 0.01);
    }
    // A reservation of several slots books them together.
    const block = await reserveSendSlots(db, key, 5, 50);
    expect(block).toBeGreaterThanOrEqual((sorted.at(-1) as number) + 50 - 0.01);
    expect(await reserveSendSlots(otherDb, key, 1, 50)).toBeGreaterThanOrEqual(block + 5 * 50 - 0.01);
  });

  it("reserves conditionally in one statement: a slot further off than the budget is refused and none is consumed", async () => {
    const { db } = createDb(testEnv().databaseUrl);
    const key = `test:${randomUUID()}`;
    // A first reservation on a new key is always due now.
    const first = await reserveSendSlots(db, key, 1, 50, 1_000);
    expect(first).not.toBeNull();
    // Book the key 2 s ahead: the next slot is not due within 1 s, so the reservation is refused…
    const booked = await reserveSendSlots(db, key, 40, 50);
    expect(await reserveSendSlots(otherDb, key, 1, 50, 1_000)).toBeNull();
    // …and moved nothing: the next slot is still the one right after the booked block.
    expect(await reserveSendSlots(db, key, 1, 50)).toBeCloseTo(booked + 40 * 50, 0);
    // A budget past the next slot takes it, the one after that.
    expect(await reserveSendSlots(otherDb, key, 1, 50, 5_000)).toBeCloseTo(booked + 41 * 50, 0);
  });

  it("paces two workers' batch hand-offs to one rate between them", async () => {
    const { db } = createDb(testEnv().databaseUrl);
    const key = `test:${randomUUID()}`;
    const calls: number[] = [];
    const outbox = createTransport("outbox");
    const recording: EmailTransport = {
      ...outbox,
      sendBatch: async (emails, batchKey) => {
        calls.push(Date.now());
        return outbox.sendBatch!(emails, batchKey);
      },
    };
    const email: OutgoingEmail = {
      idempotencyKey: "k",
      from: "news@mailstream.test",
      to: "ada@mailstream.test",
      subject: "Hi",
      html: "<p>Hi</p>",
      text: "Hi",
      headers: {},
    };
    // 20 calls/s: 10 pages on each of two workers, at once.
    const worker = (handle: typeof db) => paceTransport(handle, recording, key, 20);
    const started = Date.now();
    await Promise.all(
      [worker(db), worker(otherDb)].map((transport, w) =>
        runActivity(async () => {
          for (let page = 0; page < 10; page++) await transport.sendBatch!([email], `w${w}:${page}`);
        }, undefined),
      ),
    );
    expect(calls).toHaveLength(20);
    // The 20th call's slot is 19 intervals after the first, which is no earlier than the start
    // (a call waits for its slot; late calls only make it later). Per-worker limits would let
    // the last call go after 9 intervals.
    expect(Math.max(...calls) - started).toBeGreaterThanOrEqual(19 * 50 - 5);
  });
});
