// The split's declared winner, if any: read by the workflow (SPLIT_WINNER_PATCH) each time a
// contact reaches a split, so a winner recorded by a person or the automatic checker applies
// to the next contact without touching running workflows. The history records the answer.
import type { Db } from "@mailstream/db/client";
import { findExperimentWinner } from "@mailstream/db/queries/metrics-experiments";

export interface FindSplitWinnerInput {
  journeyId: string;
  nodeId: string;
}

export interface FindSplitWinnerResult {
  winner: { variantId: string; source: "manual" | "automatic"; declaredAt: string } | null;
}

export function createSplitWinnerActivity(db: Db) {
  return async function findSplitWinner(input: FindSplitWinnerInput): Promise<FindSplitWinnerResult> {
    const row = await findExperimentWinner(db, input.journeyId, input.nodeId);
    return {
      winner: row ? { variantId: row.variantId, source: row.source, declaredAt: row.declaredAt.toISOString() } : null,
    };
  };
}
