// Experiments over a scripted split: conversions per arm (goal event within the window after
// the split, the hold-out included), hold-out lift, open/click rates, guardrails blocking a
// winner, declaring (and refusing) a winner with its stats; plus the pure winner rule.
import { randomUUID } from "node:crypto";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { recordMessageEvent } from "@mailstream/db/queries/message-events";
import { events } from "@mailstream/db/schema";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import { describe, expect, it } from "vitest";
import { writeRunDetailed } from "@mailstream/testing/run-fixtures";
import { listAuditLog } from "../audit/audit-log";
import { testDb } from "@mailstream/testing/test-db";
import {
  buildLinearGraph,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { ZSplitAutoWinnerSchema, type SplitAutoWinner } from "@mailstream/journey/schema";
import {
  decideWinner,
  declareExperimentWinner,
  experimentsKey,
  getExperiments,
  loadExperimentsByKey,
  ZExperimentFilterSchema,
  type ExperimentArm,
  type ExperimentFilter,
} from "./experiments";

const db = testDb();
const DAY = 86_400_000;

async function splitJourney(
  workspaceId: string,
  autoWinner?: Partial<SplitAutoWinner>,
  options: { hasGoal?: boolean } = {},
) {
  const templateId = await createTemplateFixture(db, workspaceId, "Offer", "Deal");
  const graph = buildLinearGraph("viewed", [{ kind: "email", templateId }, { kind: "exit" }]);
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("fixture graph does not compile");
  const auto = autoWinner ? ZSplitAutoWinnerSchema.parse(autoWinner) : undefined;
  // The experiment reads the split from the version's graph and the goal from its plan.
  graph.nodes.push({
    id: "split-9",
    position: { x: 0, y: 0 },
    data: {
      kind: "split",
      variants: [
        { id: "a", name: "A", weight: 50 },
        { id: "b", name: "B", weight: 50 },
      ],
      holdoutPercent: 20,
      ...(auto ? { autoWinner: auto } : {}),
    },
  } as (typeof graph.nodes)[number]);
  // Both arms lead to the one email (the panel names each arm by it).
  for (const variant of ["a", "b"])
    graph.edges.push({ id: `split-9-${variant}`, source: "split-9", target: "email-1", sourceHandle: variant });
  const plan = {
    ...compiled.plan,
    steps: {
      ...compiled.plan.steps,
      // The checker finds opted-in splits in the live plan.
      "split-9": {
        kind: "split",
        id: "split-9",
        holdoutPercent: 20,
        variants: [
          { id: "a", weight: 50, next: "email-1" },
          { id: "b", weight: 50, next: "email-1" },
        ],
        ...(auto ? { autoWinner: auto } : {}),
      },
    },
    settings: {
      goal: options.hasGoal === false ? null : { event: "purchased", filters: [], windowMs: 7 * DAY },
      exitCriteria: [],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  } as unknown as Plan;
  const journey = await insertJourney(db, { workspaceId, name: "Split", draft: graph });
  const version = await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph, plan });
  if (!version) throw new Error("publish failed");
  return { journeyId: journey.id, versionId: version.id, templateId };
}

/** Writes `total` runs through the split to `variant`, the first `converting` of them converting. */
async function writeArm(
  workspaceId: string,
  j: { journeyId: string; versionId: string; templateId: string },
  variant: string,
  total: number,
  converting: number,
) {
  const runs = [];
  for (let i = 0; i < total; i++) {
    const isHoldout = variant === "holdout";
    const run = await writeRunDetailed(db, {
      workspaceId,
      journeyId: j.journeyId,
      versionId: j.versionId,
      templateId: j.templateId,
      nodes: isHoldout ? ["trigger", "split-9"] : ["trigger", "split-9", "email-1"],
      outcomes: { "split-9": variant },
      ...(isHoldout ? { finish: "exited" as const } : {}),
    });
    if (i < converting) await purchase(workspaceId, run.userId, new Date(Date.now() + DAY));
    runs.push(run);
  }
  return runs;
}

async function purchase(workspaceId: string, userId: string, at: Date) {
  await db
    .insert(events)
    .values({ workspaceId, messageId: randomUUID(), type: "track", userId, event: "purchased", timestamp: at });
}

const filterOf = (journeyId: string, extra: Partial<ExperimentFilter> = {}): ExperimentFilter =>
  ZExperimentFilterSchema.parse({
    journeyId,
    versionId: null,
    range: "all",
    confidence: 0.95,
    minSample: 20,
    ...extra,
  });

describe("experiments", () => {
  it("compares arms on the goal, measures hold-out lift and blocks a leader that fails a guardrail", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const j = await splitJourney(workspaceId);
    const a = await writeArm(workspaceId, j, "a", 30, 18);
    await writeArm(workspaceId, j, "b", 30, 3);
    const hold = await writeArm(workspaceId, j, "holdout", 10, 2);
    // Outside the window (8 days later) and before the split: neither counts.
    await purchase(workspaceId, hold[3]?.userId as string, new Date(Date.now() + 8 * DAY));
    await purchase(workspaceId, hold[4]?.userId as string, new Date(Date.now() - DAY));
    // One of A's recipients unsubscribes: 1 of 30 sends against none of B's — above the relative guardrail.
    const ma = a[0]?.messages["email-1"] as string;
    await recordMessageEvent(db, { workspaceId, messageId: ma, type: "unsubscribed", dedupeKey: `${ma}:u` });

    const filter = filterOf(j.journeyId);
    const [experiment] = await getExperiments(db, workspaceId, filter);
    expect(experiment?.goal).toEqual({ event: "purchased", windowMs: 7 * DAY });
    const arms = Object.fromEntries((experiment?.arms ?? []).map((x) => [x.arm, x]));
    expect(arms.a).toMatchObject({
      assigned: 30,
      converted: 18,
      rate: 0.6,
      sent: 30,
      reached: 30,
      unsubscribed: 1,
      isGuardrailOk: false,
    });
    expect(arms.a?.guardrails[0]).toMatchObject({ metric: "unsubscribe_rate", othersRate: 0, isOk: false });
    expect(arms.b).toMatchObject({ assigned: 30, converted: 3, rate: 0.1, sent: 30, isGuardrailOk: true });
    expect(arms.holdout).toMatchObject({ assigned: 10, converted: 2, rate: 0.2, sent: 0, probabilityBest: null });
    expect((arms.a?.probabilityBest ?? 0) + (arms.b?.probabilityBest ?? 0)).toBeCloseTo(1, 5);
    expect(arms.a?.low).toBeLessThan(0.6);
    expect(arms.a?.high).toBeGreaterThan(0.6);
    expect(experiment?.holdout?.rate).toBe(0.2);
    expect(experiment?.holdout?.variantsRate).toBe(0.35);
    expect(experiment?.holdout?.lift).toBeCloseTo(0.75, 10);
    // The sequential test is convinced (A leads, p below 5%), the guardrail still blocks it.
    expect(experiment?.recommendation.evidence.leaderId).toBe("a");
    expect(experiment?.recommendation.evidence.pValue).toBeLessThan(0.05);
    expect(experiment?.recommendation.variantId).toBeNull();
    expect(experiment?.recommendation.reason).toMatch(
      /A leads but fails a guardrail \(unsubscribe rate 3\.3% > limit 0\.2%\)/,
    );
    await expect(
      declareExperimentWinner(db, workspaceId, { ...filter, nodeId: "split-9", variantId: "a" }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("counts only contacts split inside a custom from/to window, and keys the live hub by it", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const j = await splitJourney(workspaceId);
    await writeArm(workspaceId, j, "a", 4, 1);
    const inside = filterOf(j.journeyId, { from: new Date(Date.now() - DAY), to: new Date(Date.now() + DAY) });
    const before = filterOf(j.journeyId, {
      from: new Date("2020-01-01T00:00:00Z"),
      to: new Date("2020-01-02T00:00:00Z"),
    });
    const armA = async (filter: ExperimentFilter) =>
      (await getExperiments(db, workspaceId, filter))[0]?.arms.find((x) => x.arm === "a")?.assigned;
    expect(await armA(inside)).toBe(4);
    expect(await armA(before)).toBe(0);
    // The hub's key carries the window, so two panels on different windows never share numbers.
    expect(experimentsKey(workspaceId, inside)).not.toBe(experimentsKey(workspaceId, before));
    expect(
      (await loadExperimentsByKey(db, experimentsKey(workspaceId, before)))[0]?.arms.find((x) => x.arm === "a")
        ?.assigned,
    ).toBe(0);
  });

  it("compares on open or click rate among contacts the emails reached, and a person declares the winner", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const j = await splitJourney(workspaceId);
    const a = await writeArm(workspaceId, j, "a", 25, 0);
    const b = await writeArm(workspaceId, j, "b", 25, 0);
    const open = async (run: (typeof a)[number], type: "opened" | "clicked") => {
      const id = run.messages["email-1"] as string;
      await recordMessageEvent(db, {
        workspaceId,
        messageId: id,
        type,
        dedupeKey: `${id}:${type}`,
        ...(type === "clicked" ? { data: { url: "https://shop.test/" } } : {}),
      });
    };
    for (const run of b.slice(0, 20)) await open(run, "opened");
    for (const run of a.slice(0, 2)) await open(run, "opened");
    await open(b[0] as (typeof b)[number], "clicked");

    const [byOpen] = await getExperiments(db, workspaceId, filterOf(j.journeyId, { metric: "open_rate" }));
    expect(byOpen?.metric).toBe("open_rate");
    expect(byOpen?.arms.map((x) => [x.arm, x.successes, x.trials])).toEqual([
      ["a", 2, 25],
      ["b", 20, 25],
      ["holdout", 0, 0],
    ]);
    expect(byOpen?.recommendation.variantId).toBe("b");
    const [byClick] = await getExperiments(db, workspaceId, filterOf(j.journeyId, { metric: "click_rate" }));
    expect(byClick?.arms.find((x) => x.arm === "b")).toMatchObject({ successes: 1, trials: 25 });
    expect(byClick?.recommendation.variantId).toBeNull();

    const audit = {
      workspaceId,
      actor: { kind: "user" as const, id: randomUUID(), label: "ana@acme.test" },
      sourceAddress: null,
    };
    const winner = await declareExperimentWinner(
      db,
      workspaceId,
      { ...filterOf(j.journeyId, { metric: "open_rate" }), nodeId: "split-9", variantId: "b" },
      audit,
    );
    expect(winner).toMatchObject({
      variantId: "b",
      metric: "open_rate",
      source: "manual",
      declaredBy: "ana@acme.test (user)",
    });
    // The decision and its audit row commit together.
    const { items } = await listAuditLog(db, workspaceId, { action: "experiment.declare_winner" });
    expect(items).toMatchObject([
      {
        actor: audit.actor,
        target: { type: "experiment", id: `${j.journeyId}:split-9` },
        changes: { after: { variantId: "b" } },
      },
    ]);
    expect(winner.stats?.arms).toEqual([
      { arm: "a", trials: 25, successes: 2, rate: 0.08 },
      { arm: "b", trials: 25, successes: 20, rate: 0.8 },
      { arm: "holdout", trials: 0, successes: 0, rate: 0 },
    ]);
    expect(winner.stats?.pValue).toBeLessThan(0.05);
    await expect(
      declareExperimentWinner(db, workspaceId, {
        ...filterOf(j.journeyId, { metric: "open_rate" }),
        nodeId: "split-9",
        variantId: "b",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("experiments without a goal", () => {
  it("compare on clicks by default, name arms by their email and say there is not enough data", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const j = await splitJourney(workspaceId, undefined, { hasGoal: false });
    await writeArm(workspaceId, j, "a", 5, 0);
    await writeArm(workspaceId, j, "b", 3, 0);
    const [experiment] = await getExperiments(db, workspaceId, filterOf(j.journeyId));
    expect(experiment).toMatchObject({ metric: "click_rate", isDefaultMetric: true, goal: null });
    const a = experiment?.arms.find((x) => x.arm === "a");
    expect(a?.email).toEqual({ nodeId: "email-1", templateId: j.templateId, templateName: "Offer", subject: "Deal" });
    // 0 of 5 clicked: the interval starts at the estimate, and P(best) is withheld (no successes).
    expect(a).toMatchObject({ successes: 0, trials: 5, rate: 0, low: 0, probabilityBest: null });
    expect(a?.high).toBeCloseTo(0.4345, 3);
    expect(experiment?.arms.find((x) => x.arm === "holdout")?.email).toBeNull();
    // A metric chosen by hand is kept.
    const [byOpen] = await getExperiments(db, workspaceId, filterOf(j.journeyId, { metric: "open_rate" }));
    expect(byOpen).toMatchObject({ metric: "open_rate", isDefaultMetric: false });
  });
});

describe("decideWinner", () => {
  const armOf = (arm: string, trials: number, successes: number, isGuardrailOk = true): ExperimentArm => ({
    arm,
    name: arm.toUpperCase(),
    assigned: trials,
    converted: successes,
    sent: 0,
    unsubscribed: 0,
    complained: 0,
    reached: 0,
    opened: 0,
    clicked: 0,
    trials,
    successes,
    rate: successes / trials,
    low: 0,
    high: 0,
    probabilityBest: 0,
    unsubscribeRate: 0,
    complaintRate: 0,
    guardrails: isGuardrailOk
      ? []
      : [{ metric: "complaint_rate", winnerRate: 0.01, othersRate: 0, limit: 0.0005, isOk: false }],
    isGuardrailOk,
  });
  it("names the winner only with enough sample, sequential evidence and passing guardrails", () => {
    const rule = { confidence: 0.95, minSample: 100 };
    expect(decideWinner([armOf("a", 200, 60), armOf("b", 200, 20)], rule).variantId).toBe("a");
    expect(decideWinner([armOf("a", 99, 60), armOf("b", 200, 20)], rule).reason).toMatch(
      /Waiting for 100 contacts per variant \(A: 99\)/,
    );
    expect(decideWinner([armOf("a", 200, 24), armOf("b", 200, 20)], rule).reason).toMatch(
      /No variant is ahead at 95.0% confidence yet \(leader A/,
    );
    expect(decideWinner([armOf("a", 200, 60, false), armOf("b", 200, 20)], rule).reason).toMatch(
      /A leads but fails a guardrail \(complaint rate 1.0% > limit 0.1%\)/,
    );
    expect(decideWinner([armOf("a", 100, 1)], rule).reason).toMatch(/two variants/);
    // The hold-out is never a candidate.
    expect(
      decideWinner([armOf("a", 200, 20), armOf("b", 200, 21), armOf("holdout", 200, 90)], rule).variantId,
    ).toBeNull();
  });
});
