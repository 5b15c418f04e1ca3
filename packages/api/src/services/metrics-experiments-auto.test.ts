// The automatic winner checker over real Postgres: an opted-in split whose leader clears the
// sequential test and the guardrails gets its winner recorded once, as "automatic", with the
// stats behind it; a guardrail or a split that did not opt in gets none.
import { randomUUID } from "node:crypto";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { findExperimentWinner } from "@mailstream/db/queries/metrics-experiments";
import { events } from "@mailstream/db/schema";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import { ZSplitAutoWinnerSchema, type SplitAutoWinner } from "@mailstream/journey/schema";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "../metrics/run-fixtures";
import { testDb } from "../routers/test-caller";
import { buildLinearGraph, createTemplateFixture, createWorkspaceWithKeys } from "../testing/fixtures";
import { AUTO_WINNER_DECLARED_BY, checkAutoWinners } from "./metrics-experiments-auto";
import { getExperiments, ZExperimentFilterSchema } from "./metrics-experiments";

const db = testDb();
const DAY = 86_400_000;

/** A live journey with split-9 (a/b, 10% hold-out) and the goal `purchased`. */
async function liveSplit(autoWinner: Partial<SplitAutoWinner> | null) {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const templateId = await createTemplateFixture(db, workspaceId, "Offer", "Deal");
  const graph = buildLinearGraph("viewed", [{ kind: "email", templateId }, { kind: "exit" }]);
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("fixture graph does not compile");
  const auto = autoWinner ? ZSplitAutoWinnerSchema.parse(autoWinner) : undefined;
  const variants = [{ id: "a", name: "A", weight: 50 }, { id: "b", name: "B", weight: 50 }];
  graph.nodes.push({ id: "split-9", position: { x: 0, y: 0 }, data: { kind: "split", variants, holdoutPercent: 10, ...(auto ? { autoWinner: auto } : {}) } } as (typeof graph.nodes)[number]);
  const plan = {
    ...compiled.plan,
    steps: {
      ...compiled.plan.steps,
      "split-9": { kind: "split", id: "split-9", holdoutPercent: 10, variants: variants.map((v) => ({ id: v.id, weight: v.weight, next: "email-1" })), ...(auto ? { autoWinner: auto } : {}) },
    },
    settings: { goal: { event: "purchased", filters: [], windowMs: 7 * DAY }, exitCriteria: [], quietHours: null, frequencyCap: null, timeZone: "UTC" },
  } as unknown as Plan;
  const journey = await insertJourney(db, { workspaceId, name: "Auto split", draft: graph });
  const version = await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph, plan });
  if (!version) throw new Error("publish failed");
  const writeArm = async (variant: string, total: number, converting: number) => {
    const runs = [];
    for (let i = 0; i < total; i++) {
      const run = await writeRunDetailed(db, {
        workspaceId, journeyId: journey.id, versionId: version.id, templateId,
        nodes: ["trigger", "split-9", "email-1"], outcomes: { "split-9": variant },
      });
      if (i < converting)
        await db.insert(events).values({ workspaceId, messageId: randomUUID(), type: "track", userId: run.userId, event: "purchased", timestamp: new Date(Date.now() + DAY) });
      runs.push(run);
    }
    return runs;
  };
  return { workspaceId, journeyId: journey.id, writeArm };
}

describe("automatic winner", () => {
  it("records the winner once, as automatic, with the stats that justified it", async () => {
    const split = await liveSplit({ enabled: true, metric: "goal_conversion", confidence: 0.95, minSamplePerArm: 25 });
    await split.writeArm("a", 30, 3);
    await split.writeArm("b", 30, 19);
    const [declared, ...more] = await checkAutoWinners(db, { journeyIds: [split.journeyId] });
    expect(more).toEqual([]);
    expect(declared?.winner).toMatchObject({ nodeId: "split-9", variantId: "b", metric: "goal_conversion", source: "automatic", declaredBy: AUTO_WINNER_DECLARED_BY, confidence: 0.95, minSample: 25 });
    expect(declared?.winner.stats?.arms.slice(0, 2)).toEqual([
      { arm: "a", trials: 30, successes: 3, rate: 0.1 },
      { arm: "b", trials: 30, successes: 19, rate: 19 / 30 },
    ]);
    expect(declared?.winner.stats?.pValue).toBeLessThan(0.05);
    expect(declared?.winner.stats?.threshold).toBeCloseTo(20, 6);
    expect(declared?.winner.stats?.guardrails.map((g) => g.metric)).toEqual(["unsubscribe_rate", "complaint_rate"]);
    // Recorded once: the next pass finds the split decided; the panel shows the switch.
    expect(await checkAutoWinners(db, { journeyIds: [split.journeyId] })).toEqual([]);
    const [experiment] = await getExperiments(db, split.workspaceId, ZExperimentFilterSchema.parse({ journeyId: split.journeyId }));
    expect(experiment?.winner).toMatchObject({ variantId: "b", source: "automatic" });
    expect(experiment?.autoWinner).toMatchObject({ enabled: true, minSamplePerArm: 25 });
  });

  it("waits for the minimum sample, and a complaint guardrail blocks a leader that hurts it", async () => {
    const split = await liveSplit({ enabled: true, confidence: 0.95, minSamplePerArm: 40 });
    await split.writeArm("a", 30, 3);
    const b = await split.writeArm("b", 30, 19);
    expect(await checkAutoWinners(db, { journeyIds: [split.journeyId] })).toEqual([]);
    const guarded = await liveSplit({ enabled: true, confidence: 0.95, minSamplePerArm: 25 });
    await guarded.writeArm("a", 30, 3);
    const gb = await guarded.writeArm("b", 30, 19);
    const messageId = gb[0]?.messages["email-1"] as string;
    await recordMessageEvent(db, { workspaceId: guarded.workspaceId, messageId, type: "complained", dedupeKey: `${messageId}:c` });
    expect(await checkAutoWinners(db, { journeyIds: [guarded.journeyId] })).toEqual([]);
    const [experiment] = await getExperiments(db, guarded.workspaceId, ZExperimentFilterSchema.parse({ journeyId: guarded.journeyId, minSample: 25 }));
    expect(experiment?.recommendation.reason).toMatch(/B leads but fails a guardrail \(complaint rate 3\.3% > limit 0\.1%\)/);
    expect(b).toHaveLength(30);
  });

  it("leaves splits that did not opt in to people", async () => {
    const split = await liveSplit(null);
    await split.writeArm("a", 30, 3);
    await split.writeArm("b", 30, 19);
    expect(await checkAutoWinners(db, { journeyIds: [split.journeyId] })).toEqual([]);
    expect(await findExperimentWinner(db, split.journeyId, "split-9")).toBeNull();
  });
});
