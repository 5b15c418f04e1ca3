// The round's definitions in one statement (findDispatchDefinitions over the SQL function
// dispatch_definitions, migration 0040): the same rows the four selects it replaced returned,
// for event names of any spelling (they travel as array parameters), with Dates where the
// row types have them.
import { createDb } from "@mailstream/db/client";
import { findDispatchDefinitions } from "@mailstream/db/queries/dispatch-definitions";
import { computedTraits, segments } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { buildLinearGraph, createLiveJourney, createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";

const { db } = createDb(testEnv().databaseUrl);

describe("findDispatchDefinitions", () => {
  it("returns the triggered journeys, listening versions, segments and computed traits of the scope", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const { workspaceId: other } = await createWorkspaceWithKeys(db);
    const trigger = `signed,up "now" {x}`;
    const waited = `paid', "twice"`;
    const journey = await createLiveJourney(
      db,
      workspaceId,
      "odd names",
      buildLinearGraph(trigger, [{ kind: "wait", untilEvent: waited }, { kind: "exit" }]),
    );
    await createLiveJourney(db, other, "elsewhere", buildLinearGraph(trigger, [{ kind: "exit" }]));
    const [segment] = await db
      .insert(segments)
      .values({ workspaceId, name: "all", definition: { match: "all", groups: [] } })
      .returning();
    const [trait] = await db
      .insert(computedTraits)
      .values({ workspaceId, key: "signups", kind: "count", eventName: trigger })
      .returning();

    const read = (eventNames: string[]) =>
      db.transaction((tx) => findDispatchDefinitions(tx, { workspaceIds: [workspaceId], eventNames }));

    const byTrigger = await read([trigger, "unrelated"]);
    expect(byTrigger.journeys).toEqual([
      { journeyId: journey.journeyId, workspaceId, versionId: journey.versionId, plan: journey.plan, status: "live" },
    ]);
    expect(byTrigger.listeningVersions).toEqual([]);
    expect(byTrigger.segments).toEqual([segment]);
    expect(byTrigger.computedTraits).toEqual([trait]);

    const byWaited = await read([waited]);
    expect(byWaited.journeys).toEqual([]);
    expect(byWaited.listeningVersions).toEqual([{ versionId: journey.versionId, plan: journey.plan }]);
    expect(byWaited.computedTraits).toEqual([]);

    // No track names in the round (identifies only): segments still, nothing else.
    expect(await read([])).toEqual({ journeys: [], listeningVersions: [], segments: [segment], computedTraits: [] });
  });
});
