// Experiments over a scripted split: conversions per arm (goal event within the window after
// the split, the hold-out included), hold-out lift, guardrails blocking a winner, and the
// declare-winner refusal; plus the pure winner rule.
import { randomUUID } from "node:crypto";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { events } from "@mailstream/db/schema";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "../metrics/run-fixtures";
import { testDb } from "../routers/test-caller";
import { buildLinearGraph, createTemplateFixture, createWorkspaceWithKeys } from "../testing/fixtures";
import { decideWinner, declareExperimentWinner, getExperiments, type ExperimentArm } from "./metrics-experiments";

const db = testDb();
const DAY = 86_400_000;

async function splitJourney(workspaceId: string) {
  const templateId = await createTemplateFixture(db, workspaceId, "Offer", "Deal");
  const graph = buildLinearGraph("viewed", [{ kind: "email", templateId }, { kind: "exit" }]);
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("fixture graph does not compile");
  // The experiment reads the split from the version's graph and the goal from its plan.
  graph.nodes.push({
    id: "split-9",
    position: { x: 0, y: 0 },
    data: { kind: "split", variants: [{ id: "a", name: "A", weight: 50 }, { id: "b", name: "B", weight: 50 }], holdoutPercent: 20 },
  } as (typeof graph.nodes)[number]);
  const plan = {
    ...compiled.plan,
    settings: { goal: { event: "purchased", filters: [], windowMs: 7 * DAY }, exitCriteria: [], quietHours: null, frequencyCap: null, timeZone: "UTC" },
  } as unknown as Plan;
  const journey = await insertJourney(db, { workspaceId, name: "Split", draft: graph });
  const version = await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph, plan });
  if (!version) throw new Error("publish failed");
  return { journeyId: journey.id, versionId: version.id, templateId };
}

async function purchase(workspaceId: string, userId: string, at: Date) {
  await db.insert(events).values({ workspaceId, messageId: randomUUID(), type: "track", userId, event: "purchased", timestamp: at });
}

describe("experiments", () => {
  it("compares arms on the goal, measures hold-out lift and blocks a winner that fails a guardrail", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const j = await splitJourney(workspaceId);
    const base = { workspaceId, journeyId: j.journeyId, versionId: j.versionId, templateId: j.templateId };
    const arm = async (variant: string, total: number, converting: number) => {
      const runs = [];
      for (let i = 0; i < total; i++) {
        const isHoldout = variant === "holdout";
        const run = await writeRunDetailed(db, {
          ...base,
          nodes: isHoldout ? ["trigger", "split-9"] : ["trigger", "split-9", "email-1"],
          outcomes: { "split-9": variant },
          ...(isHoldout ? { finish: "exited" as const } : {}),
        });
        if (i < converting) await purchase(workspaceId, run.userId, new Date(Date.now() + DAY));
        runs.push(run);
      }
      return runs;
    };
    const a = await arm("a", 10, 4);
    await arm("b", 10, 1);
    const hold = await arm("holdout", 5, 1);
    // Outside the window (8 days later) and before the split: neither counts.
    await purchase(workspaceId, hold[3]?.userId as string, new Date(Date.now() + 8 * DAY));
    await purchase(workspaceId, hold[4]?.userId as string, new Date(Date.now() - DAY));
    // One of A's recipients unsubscribes: 1 of 10 sends = 10%, above the 2% guardrail.
    const ma = a[0]?.messages["email-1"] as string;
    await recordMessageEvent(db, { workspaceId, messageId: ma, type: "unsubscribed", dedupeKey: `${ma}:u` });

    const filter = { journeyId: j.journeyId, versionId: null, range: "all" as const, grain: "hour" as const, confidence: 0.8, minSample: 5 };
    const [experiment] = await getExperiments(db, workspaceId, filter);
    expect(experiment?.goal).toEqual({ event: "purchased", windowMs: 7 * DAY });
    const arms = Object.fromEntries((experiment?.arms ?? []).map((x) => [x.arm, x]));
    expect(arms.a).toMatchObject({ assigned: 10, converted: 4, rate: 0.4, sent: 10, unsubscribed: 1, isGuardrailOk: false });
    expect(arms.b).toMatchObject({ assigned: 10, converted: 1, rate: 0.1, sent: 10, isGuardrailOk: true });
    expect(arms.holdout).toMatchObject({ assigned: 5, converted: 1, rate: 0.2, sent: 0, probabilityBest: null });
    expect((arms.a?.probabilityBest ?? 0) + (arms.b?.probabilityBest ?? 0)).toBeCloseTo(1, 5);
    expect(arms.a?.probabilityBest).toBeGreaterThan(0.9);
    expect(arms.a?.low).toBeLessThan(0.4);
    expect(arms.a?.high).toBeGreaterThan(0.4);
    expect(experiment?.holdout?.rate).toBe(0.2);
    expect(experiment?.holdout?.variantsRate).toBe(0.25);
    expect(experiment?.holdout?.lift).toBeCloseTo(0.25, 10);
    expect(experiment?.recommendation.variantId).toBeNull();
    expect(experiment?.recommendation.reason).toMatch(/A leads but fails a guardrail/);
    await expect(declareExperimentWinner(db, workspaceId, { ...filter, nodeId: "split-9", variantId: "a" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });
});

describe("decideWinner", () => {
  const armOf = (arm: string, assigned: number, probabilityBest: number, isGuardrailOk = true): ExperimentArm => ({
    arm, name: arm.toUpperCase(), assigned, converted: 0, sent: 0, unsubscribed: 0, complained: 0,
    rate: 0, low: 0, high: 0, probabilityBest, unsubscribeRate: 0, complaintRate: 0, isGuardrailOk,
  });
  it("names the winner only with enough sample, confidence and passing guardrails", () => {
    const rule = { confidence: 0.95, minSample: 100 };
    expect(decideWinner([armOf("a", 100, 0.97), armOf("b", 100, 0.03)], rule).variantId).toBe("a");
    expect(decideWinner([armOf("a", 99, 0.97), armOf("b", 100, 0.03)], rule).reason).toMatch(/Waiting for 100/);
    expect(decideWinner([armOf("a", 100, 0.9), armOf("b", 100, 0.1)], rule).variantId).toBeNull();
    expect(decideWinner([armOf("a", 100, 0.97, false), armOf("b", 100, 0.03)], rule).variantId).toBeNull();
    expect(decideWinner([armOf("a", 100, 1)], rule).reason).toMatch(/two variants/);
  });
});
