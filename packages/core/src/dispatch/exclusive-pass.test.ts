// Two dispatchers running the same periodic pass at the same moment: one runs it, the other
// skips that tick; once the first is done the pass is free again, also after a failure.
import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { testEnv } from "@mailstream/testing/test-env";
import { afterAll, describe, expect, it } from "vitest";
import { runExclusivePass } from "./exclusive-pass";

// Two pools: two processes' connections, as two dispatchers would have.
const first = new pg.Pool({ connectionString: testEnv().databaseUrl, max: 2 });
const second = new pg.Pool({ connectionString: testEnv().databaseUrl, max: 2 });
afterAll(() => Promise.all([first.end(), second.end()]));

describe("runExclusivePass", () => {
  it("lets one of two concurrent dispatchers run a pass and the other skip it", async () => {
    const name = `test-${randomUUID()}`;
    let runs = 0;
    // The running pass holds until the other call has returned, so the two overlap whatever
    // the machine's speed (a fixed sleep let a slow second call start after the first ended).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const pass = async () => {
      runs += 1;
      if (runs > 1) release(); // both ran: let them finish, the expectations below fail
      await held;
    };
    const calls = [runExclusivePass(first, name, pass), runExclusivePass(second, name, pass)];
    void Promise.race(calls).then(release, release);
    const ran = await Promise.all(calls);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await runExclusivePass(second, name, pass)).toBe(true);
    expect(runs).toBe(2);
  });

  it("frees the pass when it fails, and keeps different passes apart", async () => {
    const name = `test-${randomUUID()}`;
    await expect(
      runExclusivePass(first, name, async () => {
        throw new Error("pass failed");
      }),
    ).rejects.toThrow("pass failed");
    expect(await runExclusivePass(second, name, async () => {})).toBe(true);
    const ran = await Promise.all([
      runExclusivePass(first, `${name}-a`, () => sleep(100)),
      runExclusivePass(second, `${name}-b`, () => sleep(100)),
    ]);
    expect(ran).toEqual([true, true]);
  });
});
