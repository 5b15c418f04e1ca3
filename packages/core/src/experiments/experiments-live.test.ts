// The experiments panel over the shared live hub: many subscribers of one filter cost one
// aggregate per tick, each change (a new contact in an arm, a declared winner) reaches all of
// them, and polling stops when the last one leaves.
import type { Db } from "@mailstream/db/client";
import { describe, expect, it } from "vitest";
import { createLiveSplit } from "@mailstream/testing/experiment-fixtures";
import { createLiveMetricsHub } from "../metrics/live-hub";
import { testDb } from "@mailstream/testing/test-db";
import { waitFor } from "@mailstream/testing/workspace-fixtures";
import { collect, waitForTicks } from "@mailstream/testing/live-hub-fixtures";
import {
  declareExperimentWinner,
  loadExperimentsByKey,
  openExperimentsStream,
  ZExperimentFilterSchema,
  type Experiment,
} from "./experiments";

const db = testDb();
const INTERVAL_MS = 60;

describe("experiments over the live hub", () => {
  it("serves eight open panels with one query per tick and fans each change out", async () => {
    const split = await createLiveSplit(db, null);
    await split.writeArm("a", 25, 2);
    await split.writeArm("b", 25, 16);
    const calls: string[] = [];
    const hub = createLiveMetricsHub<Experiment[]>(db, {
      intervalMs: INTERVAL_MS,
      load: (database: Db, key: string) => {
        calls.push(key);
        return loadExperimentsByKey(database, key);
      },
    });
    const filter = ZExperimentFilterSchema.parse({ journeyId: split.journeyId, minSample: 20 });
    const abort = new AbortController();
    const panels = await Promise.all(
      Array.from({ length: 8 }, async () =>
        collect(await openExperimentsStream(db, split.workspaceId, filter, abort.signal, hub)),
      ),
    );
    await waitFor("every panel's first snapshot", async () => panels.every((p) => p.received.length >= 1));
    expect(hub.pollingJourneys()).toHaveLength(1);
    expect(panels[0]?.received[0]?.[0]?.recommendation.variantId).toBe("b");

    const { ticks, maxTicks } = await waitForTicks(calls, { atLeast: 2, intervalMs: INTERVAL_MS });
    // Eight subscribers, yet at most one aggregate per interval elapsed (plus one in flight);
    // ticks are chained, so a slow aggregate means fewer, never more.
    expect(ticks).toBeLessThanOrEqual(maxTicks);
    expect(new Set(calls).size).toBe(1);
    // Unchanged numbers are not pushed again.
    expect(panels.every((p) => p.received.length === 1)).toBe(true);

    await declareExperimentWinner(db, split.workspaceId, { ...filter, nodeId: "split-9", variantId: "b" });
    await waitFor("every panel to show the winner", async () =>
      panels.every((p) => p.received.at(-1)?.[0]?.winner?.variantId === "b"),
    );
    expect(panels[3]?.received.at(-1)?.[0]?.winner).toMatchObject({ source: "manual", metric: "goal_conversion" });

    abort.abort();
    await Promise.all(panels.map((p) => p.done));
    expect(hub.pollingJourneys()).toEqual([]);
  });

  it("refuses a journey outside the workspace before subscribing", async () => {
    const split = await createLiveSplit(db, null);
    const other = await createLiveSplit(db, null);
    const filter = ZExperimentFilterSchema.parse({ journeyId: other.journeyId });
    await expect(openExperimentsStream(db, split.workspaceId, filter)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
