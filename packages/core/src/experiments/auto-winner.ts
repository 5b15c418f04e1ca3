// The automatic winner: a pass the dispatcher process repeats (apps/dispatcher/src/loops.ts) over live journeys whose splits opted in. When the node's rule holds —
// the sequential test at the node's confidence, the minimum sample per arm, guardrails pass —
// the winner is recorded with the stats that justified it; the workflow routes later
// contacts to it. The test is always-valid, so checking every minute costs no extra error.
import type { Db } from "@mailstream/db/client";
import { findAutoWinnerJourneys, type ExperimentWinner } from "@mailstream/db/queries/metrics-experiments";
import { getExperiments, recordWinner, ZExperimentFilterSchema } from "./experiments";

export const AUTO_WINNER_DECLARED_BY = "Automatic winner checker";

export interface AutoWinnerDeclared {
  workspaceId: string;
  journeyId: string;
  winner: ExperimentWinner;
}

/** Checks every opted-in split once; returns the winners recorded by this pass. */
export async function checkAutoWinners(
  db: Db,
  options: { journeyIds?: readonly string[] } = {},
): Promise<AutoWinnerDeclared[]> {
  const declared: AutoWinnerDeclared[] = [];
  for (const journey of await findAutoWinnerJourneys(db)) {
    if (options.journeyIds && !options.journeyIds.includes(journey.journeyId)) continue;
    // All versions' contacts of the live split, as the panel shows by default and as routing applies.
    const filter = ZExperimentFilterSchema.parse({ journeyId: journey.journeyId, versionId: null, range: "all" });
    const experiments = await getExperiments(db, journey.workspaceId, filter, { useNodeRule: true });
    for (const experiment of experiments) {
      if (!experiment.autoWinner || experiment.winner || !experiment.recommendation.variantId) continue;
      const winner = await recordWinner(db, experiment, {
        journeyId: journey.journeyId,
        versionId: journey.versionId,
        confidence: experiment.autoWinner.confidence,
        minSample: experiment.autoWinner.minSamplePerArm,
        source: "automatic",
        declaredBy: AUTO_WINNER_DECLARED_BY,
      });
      declared.push({ workspaceId: journey.workspaceId, journeyId: journey.journeyId, winner });
    }
  }
  return declared;
}
