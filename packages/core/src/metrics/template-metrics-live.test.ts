// The template metrics page over a live hub: many open pages of one filter cost one aggregate
// per tick, a new send of the template reaches all of them, and another workspace's template
// is refused before anything is polled.
import type { Db } from "@mailstream/db/client";
import { describe, expect, it } from "vitest";
import { createLiveMetricsHub } from "./live-hub";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { collect, waitForTicks } from "@mailstream/testing/live-hub-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import {
  loadTemplateMetricsByKey,
  openTemplateMetricsStream,
  ZTemplateMetricsFilterSchema,
  type TemplateMetrics,
} from "./template-metrics";

const db = testDb();
const INTERVAL_MS = 60;

const sentOf = (metrics: TemplateMetrics | undefined) =>
  (metrics?.journeys ?? []).reduce((sum, j) => sum + j.counts.sent, 0);

describe("template metrics over a live hub", () => {
  it("serves six open pages with one query per tick and pushes a new send to each", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const templateId = await createTemplateFixture(db, workspaceId, "Shared", "Hi");
    const journey = await createLiveJourney(
      db,
      workspaceId,
      "Welcome",
      buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    const send = () => writeRunDetailed(db, { workspaceId, ...journey, templateId, nodes: ["trigger", "email-1"] });
    await send();
    const calls: string[] = [];
    const hub = createLiveMetricsHub<TemplateMetrics>(db, {
      intervalMs: INTERVAL_MS,
      load: (database: Db, key: string) => {
        calls.push(key);
        return loadTemplateMetricsByKey(database, key);
      },
    });
    const filter = ZTemplateMetricsFilterSchema.parse({ templateId, range: "all", grain: "hour" });
    const abort = new AbortController();
    const pages = await Promise.all(
      Array.from({ length: 6 }, async () =>
        collect(await openTemplateMetricsStream(db, workspaceId, filter, abort.signal, hub)),
      ),
    );
    await waitFor("every page's first snapshot", async () => pages.every((p) => p.received.length >= 1));
    expect(pages.map((p) => sentOf(p.received[0]))).toEqual([1, 1, 1, 1, 1, 1]);

    const { ticks, maxTicks } = await waitForTicks(calls, { atLeast: 2, intervalMs: INTERVAL_MS });
    // Six subscribers, one aggregate per interval at most (plus one in flight), all of the same key.
    expect(ticks).toBeLessThanOrEqual(maxTicks);
    expect(new Set(calls).size).toBe(1);
    expect(pages.every((p) => p.received.length === 1)).toBe(true);

    await send();
    await waitFor("every page to count the second send", async () =>
      pages.every((p) => sentOf(p.received.at(-1)) === 2),
    );

    abort.abort();
    await Promise.all(pages.map((p) => p.done));
    expect(hub.pollingJourneys()).toEqual([]);
  });

  it("refuses a template outside the workspace before subscribing", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const other = await createWorkspaceWithKeys(db);
    const foreign = await createTemplateFixture(db, other.workspaceId, "Theirs", "Hi");
    const filter = ZTemplateMetricsFilterSchema.parse({ templateId: foreign });
    await expect(openTemplateMetricsStream(db, workspaceId, filter)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
