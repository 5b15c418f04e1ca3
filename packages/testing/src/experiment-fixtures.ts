// Test data for experiments: a live journey with a split (a/b, 10% hold-out) before one email
// and the goal `purchased`, and a writer of runs through one arm (some converting).
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { events } from "@mailstream/db/schema";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import { ZSplitAutoWinnerSchema, type SplitAutoWinner } from "@mailstream/journey/schema";
import { buildLinearGraph, createTemplateFixture, createWorkspaceWithKeys } from "./workspace-fixtures";
import { writeRunDetailed } from "./run-fixtures";

const DAY = 86_400_000;
/** Runs written at once per arm; below the test pool's 10 connections (packages/db/src/client.ts). */
const ARM_WRITE_CONCURRENCY = 8;

/** A live journey with split-9 (a/b, 10% hold-out) and the goal `purchased`. */
export async function createLiveSplit(db: Db, autoWinner: Partial<SplitAutoWinner> | null) {
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const templateId = await createTemplateFixture(db, workspaceId, "Offer", "Deal");
  const graph = buildLinearGraph("viewed", [{ kind: "email", templateId }, { kind: "exit" }]);
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error("fixture graph does not compile");
  const auto = autoWinner ? ZSplitAutoWinnerSchema.parse(autoWinner) : undefined;
  const variants = [
    { id: "a", name: "A", weight: 50 },
    { id: "b", name: "B", weight: 50 },
  ];
  graph.nodes.push({
    id: "split-9",
    position: { x: 0, y: 0 },
    data: { kind: "split", variants, holdoutPercent: 10, ...(auto ? { autoWinner: auto } : {}) },
  } as (typeof graph.nodes)[number]);
  const plan = {
    ...compiled.plan,
    steps: {
      ...compiled.plan.steps,
      "split-9": {
        kind: "split",
        id: "split-9",
        holdoutPercent: 10,
        variants: variants.map((v) => ({ id: v.id, weight: v.weight, next: "email-1" })),
        ...(auto ? { autoWinner: auto } : {}),
      },
    },
    settings: {
      goal: { event: "purchased", filters: [], windowMs: 7 * DAY },
      exitCriteria: [],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  } as unknown as Plan;
  const journey = await insertJourney(db, { workspaceId, name: "Auto split", draft: graph });
  const version = await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph, plan });
  if (!version) throw new Error("publish failed");
  const writeOne = async (variant: string, isConverting: boolean) => {
    const run = await writeRunDetailed(db, {
      workspaceId,
      journeyId: journey.id,
      versionId: version.id,
      templateId,
      nodes: ["trigger", "split-9", "email-1"],
      outcomes: { "split-9": variant },
    });
    if (isConverting)
      await db.insert(events).values({
        workspaceId,
        messageId: randomUUID(),
        type: "track",
        userId: run.userId,
        event: "purchased",
        timestamp: new Date(Date.now() + DAY),
      });
    return run;
  };
  // Runs are independent (own contact, own run), so a few are written at once: one at a time,
  // an arm of 30 was seconds of round trips, and the auto-winner tests write six or more arms.
  const writeArm = async (variant: string, total: number, converting: number) => {
    const runs = [];
    for (let start = 0; start < total; start += ARM_WRITE_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(ARM_WRITE_CONCURRENCY, total - start) }, (_, k) => start + k);
      runs.push(...(await Promise.all(batch.map((i) => writeOne(variant, i < converting)))));
    }
    return runs;
  };
  return { workspaceId, journeyId: journey.id, writeArm };
}
