// The automatic winner checker over real Postgres: an opted-in split whose leader clears the
// sequential test and the guardrails gets its winner recorded once, as "automatic", with the
// stats behind it; a guardrail or a split that did not opt in gets none.
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { findExperimentWinner } from "@mailstream/db/queries/metrics-experiments";
import { describe, expect, it } from "vitest";
import { createLiveSplit } from "@mailstream/testing/experiment-fixtures";
import { testDb } from "@mailstream/testing/test-db";
import { AUTO_WINNER_DECLARED_BY, checkAutoWinners } from "./auto-winner";
import { getExperiments, ZExperimentFilterSchema } from "./experiments";

const db = testDb();
const liveSplit = (autoWinner: Parameters<typeof createLiveSplit>[1]) => createLiveSplit(db, autoWinner);

describe("automatic winner", () => {
  it("records the winner once, as automatic, with the stats that justified it", async () => {
    const split = await liveSplit({ enabled: true, metric: "goal_conversion", confidence: 0.95, minSamplePerArm: 25 });
    await split.writeArm("a", 30, 3);
    await split.writeArm("b", 30, 19);
    const [declared, ...more] = await checkAutoWinners(db, { journeyIds: [split.journeyId] });
    expect(more).toEqual([]);
    expect(declared?.winner).toMatchObject({
      nodeId: "split-9",
      variantId: "b",
      metric: "goal_conversion",
      source: "automatic",
      declaredBy: AUTO_WINNER_DECLARED_BY,
      confidence: 0.95,
      minSample: 25,
    });
    expect(declared?.winner.stats?.arms.slice(0, 2)).toEqual([
      { arm: "a", trials: 30, successes: 3, rate: 0.1 },
      { arm: "b", trials: 30, successes: 19, rate: 19 / 30 },
    ]);
    expect(declared?.winner.stats?.pValue).toBeLessThan(0.05);
    expect(declared?.winner.stats?.threshold).toBeCloseTo(20, 6);
    expect(declared?.winner.stats?.guardrails.map((g) => g.metric)).toEqual(["unsubscribe_rate", "complaint_rate"]);
    // Recorded once: the next pass finds the split decided; the panel shows the switch.
    expect(await checkAutoWinners(db, { journeyIds: [split.journeyId] })).toEqual([]);
    const [experiment] = await getExperiments(
      db,
      split.workspaceId,
      ZExperimentFilterSchema.parse({ journeyId: split.journeyId }),
    );
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
    await recordMessageEvent(db, {
      workspaceId: guarded.workspaceId,
      messageId,
      type: "complained",
      dedupeKey: `${messageId}:c`,
    });
    expect(await checkAutoWinners(db, { journeyIds: [guarded.journeyId] })).toEqual([]);
    const [experiment] = await getExperiments(
      db,
      guarded.workspaceId,
      ZExperimentFilterSchema.parse({ journeyId: guarded.journeyId, minSample: 25 }),
    );
    expect(experiment?.recommendation.reason).toMatch(
      /B leads but fails a guardrail \(complaint rate 3\.3% > limit 0\.1%\)/,
    );
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
