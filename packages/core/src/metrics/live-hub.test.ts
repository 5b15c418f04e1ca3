// The live metrics hub against the real test database: subscribers of one journey share
// one poller (one aggregate query per tick), get pushed only changes, and polling stops
// when the last subscriber leaves.
import type { Db } from "@mailstream/db/client";
import { findJourneyMetrics } from "@mailstream/db/queries/metrics";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { createLiveMetricsHub } from "./live-hub";
import { writeRun } from "@mailstream/testing/run-fixtures";
import { collect, waitForTicks } from "@mailstream/testing/live-hub-fixtures";

const db = testDb();
const INTERVAL_MS = 40;
let workspaceId: string;

beforeAll(async () => {
  ({ workspaceId } = await createWorkspaceWithKeys(db));
});

async function liveJourney() {
  const templateId = await createTemplateFixture(db, workspaceId, "Hub", "Hello");
  return createLiveJourney(
    db,
    workspaceId,
    "Hub test",
    buildLinearGraph("hub_event", [{ kind: "email", templateId }, { kind: "exit" }]),
  );
}

function countingLoader() {
  const calls: string[] = [];
  const load = async (database: Db, journeyId: string) => {
    calls.push(journeyId);
    return findJourneyMetrics(database, journeyId);
  };
  return { calls, load };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("live metrics hub", () => {
  it("runs one query per tick for two subscribers and fans each change out to both", async () => {
    const journey = await liveJourney();
    const { calls, load } = countingLoader();
    const hub = createLiveMetricsHub(db, { intervalMs: INTERVAL_MS, load });
    const abort = new AbortController();
    const a = collect(hub.subscribe(journey.journeyId, abort.signal));
    const b = collect(hub.subscribe(journey.journeyId, abort.signal));

    await waitFor(
      "both subscribers to get the first snapshot",
      async () => a.received.length >= 1 && b.received.length >= 1,
    );
    expect(a.received[0]).toMatchObject({ entered: 0, active: 0, emailsSent: 0 });
    expect(b.received[0]).toEqual(a.received[0]);
    expect(hub.pollingJourneys()).toEqual([journey.journeyId]);

    // Unchanged numbers are polled but not pushed.
    const { ticks, maxTicks } = await waitForTicks(calls, { atLeast: 2, intervalMs: INTERVAL_MS });
    // Two subscribers, yet at most one query per interval elapsed (plus one in flight).
    expect(ticks).toBeLessThanOrEqual(maxTicks);
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(1);

    await writeRun(db, {
      workspaceId,
      journeyId: journey.journeyId,
      versionId: journey.versionId,
      nodes: ["trigger", "email-1"],
    });
    // The run is written in several statements, so intermediate states may be pushed too.
    await waitFor("both subscribers to see the sent email", async () =>
      [a, b].every((x) => x.received.at(-1)?.emailsSent === 1 && x.received.at(-1)?.nodeCounts["email-1"] === 1),
    );
    const latest = a.received.at(-1);
    expect(latest).toMatchObject({ entered: 1, active: 1, emailsSent: 1, nodeCounts: { trigger: 1, "email-1": 1 } });
    expect(b.received.at(-1)).toEqual(latest);
    expect(calls.every((id) => id === journey.journeyId)).toBe(true);

    abort.abort();
    await Promise.all([a.done, b.done]);
    expect(hub.pollingJourneys()).toEqual([]);
    const callsAtStop = calls.length;
    await sleep(INTERVAL_MS * 4);
    expect(calls.length).toBe(callsAtStop);
  });

  it("gives a late subscriber the latest numbers at once, without an extra query", async () => {
    const journey = await liveJourney();
    const { calls, load } = countingLoader();
    const hub = createLiveMetricsHub(db, { intervalMs: 60_000, load });
    const abort = new AbortController();
    const first = collect(hub.subscribe(journey.journeyId, abort.signal));
    await waitFor("the first snapshot", async () => first.received.length === 1);

    const late = collect(hub.subscribe(journey.journeyId, abort.signal));
    await waitFor("the late subscriber's snapshot", async () => late.received.length === 1);
    expect(late.received[0]).toEqual(first.received[0]);
    expect(calls).toHaveLength(1);

    abort.abort();
    await Promise.all([first.done, late.done]);
  });

  it("keeps polling while one subscriber remains and separates journeys", async () => {
    const [one, two] = await Promise.all([liveJourney(), liveJourney()]);
    const { calls, load } = countingLoader();
    const hub = createLiveMetricsHub(db, { intervalMs: INTERVAL_MS, load });
    const leaving = new AbortController();
    const staying = new AbortController();
    const a = collect(hub.subscribe(one.journeyId, leaving.signal));
    const b = collect(hub.subscribe(one.journeyId, staying.signal));
    const c = collect(hub.subscribe(two.journeyId, staying.signal));
    await waitFor(
      "first snapshots",
      async () => a.received.length > 0 && b.received.length > 0 && c.received.length > 0,
    );
    expect(new Set(hub.pollingJourneys())).toEqual(new Set([one.journeyId, two.journeyId]));

    leaving.abort();
    await a.done;
    expect(new Set(hub.pollingJourneys())).toEqual(new Set([one.journeyId, two.journeyId]));

    await writeRun(db, {
      workspaceId,
      journeyId: one.journeyId,
      versionId: one.versionId,
      nodes: ["trigger"],
      finish: "completed",
    });
    await waitFor("the remaining subscriber to see the run", async () => b.received.at(-1)?.completed === 1);
    expect(c.received.at(-1)?.entered).toBe(0);
    expect(new Set(calls)).toEqual(new Set([one.journeyId, two.journeyId]));

    staying.abort();
    await Promise.all([b.done, c.done]);
    expect(hub.pollingJourneys()).toEqual([]);
  });
});
