// The cap on live subscriptions per person, through the real router and context: ten live
// metrics streams open, the eleventh is refused with a clear error, and closing one frees
// its slot. Another holder is unaffected.
import { appRouter } from "@mailstream/api";
import { createCallerFactory } from "@mailstream/api/trpc";
import { catchTRPCError, testContextFactory, testDb } from "@mailstream/testing/test-caller";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { MAX_LIVE_SUBSCRIPTIONS } from "./live-subscriptions";

const createCaller = createCallerFactory(appRouter);

describe("live subscriptions per holder", () => {
  it("refuses the eleventh live stream and frees a slot when a stream is closed", async () => {
    const contextFactory = testContextFactory(); // one process: one set of slots
    const [a, b] = await Promise.all([createWorkspaceWithKeys(testDb()), createWorkspaceWithKeys(testDb())]);
    const open = (secretKey: string, signal: AbortSignal) =>
      createCaller(contextFactory({ headers: new Headers({ authorization: `Bearer ${secretKey}` }) }), {
        signal,
      }).metrics.overviewLive();

    const streams = Array.from({ length: MAX_LIVE_SUBSCRIPTIONS }, () => new AbortController());
    for (const controller of streams) await open(a.secretKey, controller.signal);

    const refused = await catchTRPCError(() => open(a.secretKey, new AbortController().signal));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toContain(`At most ${MAX_LIVE_SUBSCRIPTIONS} live views`);

    // Someone else's streams are counted apart.
    const other = new AbortController();
    await expect(open(b.secretKey, other.signal)).resolves.toBeDefined();

    streams[0]!.abort();
    const again = new AbortController();
    await expect(open(a.secretKey, again.signal)).resolves.toBeDefined();
    for (const controller of [...streams, other, again]) controller.abort();
  });
});
