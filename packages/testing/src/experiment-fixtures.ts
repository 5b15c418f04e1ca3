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
  const writeArm = async (variant: string, total: number, converting: number) => {
    const runs = [];
    for (let i = 0; i < total; i++) {
      const run = await writeRunDetailed(db, {
        workspaceId,
        journeyId: journey.id,
        versionId: version.id,
        templateId,
        nodes: ["trigger", "split-9", "email-1"],
        outcomes: { "split-9": variant },
      });
      if (i < converting)
        await db.insert(events).values({
          workspaceId,
          messageId: randomUUID(),
          type: "track",
          userId: run.userId,
          event: "purchased",
          timestamp: new Date(Date.now() + DAY),
        });
      runs.push(run);
    }
    return runs;
  };
  return { workspaceId, journeyId: journey.id, writeArm };
}
