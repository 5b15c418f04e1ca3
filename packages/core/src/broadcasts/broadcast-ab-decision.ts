// The staggered test's judge: the test sample's counts per variant go through the journey
// experiments' code — buildArms (rates, intervals, P(best), guardrails) and decideWinner (the
// always-valid sequential test) — never a second implementation. Checked periodically by the
// send workflow; a clear winner may end the test early, and at the deadline the marketer's
// fallback (a variant, or stop) applies. The decision is stored once with its reason and figures.
import type { Db } from "@mailstream/db/client";
import { countBroadcastTestArms, recordBroadcastDecision } from "@mailstream/db/queries/broadcast-ab";
import { findBroadcastById, findBroadcastVariants, type BroadcastRow } from "@mailstream/db/queries/broadcasts";
import type { ExperimentArmCounts } from "@mailstream/db/queries/metrics-experiments";
import type { BroadcastAbDecision } from "@mailstream/db/schema";
import { DEFAULT_SPLIT_AUTO_WINNER } from "@mailstream/journey/schema";
import { AppError, AppErrorCode } from "../errors/app-error";
import {
  buildArms,
  decideWinner,
  winnerStats,
  type ExperimentArm,
  type Recommendation,
} from "../experiments/experiment-eval";
import { broadcastNotFound } from "./broadcasts";

export interface BroadcastTestState {
  metric: NonNullable<BroadcastRow["abTest"]>["metric"];
  arms: ExperimentArm[];
  recommendation: Recommendation;
}

const EMPTY_ARM = {
  assigned: 0,
  converted: 0,
  sent: 0,
  unsubscribed: 0,
  complained: 0,
  reached: 0,
  opened: 0,
  clicked: 0,
};

/** The test as it stands: every variant's arm (zeros when none was sampled) and the rule's verdict. */
export async function evaluateBroadcastTest(db: Db, broadcast: BroadcastRow): Promise<BroadcastTestState | null> {
  const test = broadcast.abTest;
  if (!test) return null;
  const variants = await findBroadcastVariants(db, broadcast.id);
  const counted = new Map((await countBroadcastTestArms(db, broadcast.id, test.goal)).map((row) => [row.arm, row]));
  const rows: ExperimentArmCounts[] = variants.map((v) => counted.get(v.id) ?? { arm: v.id, ...EMPTY_ARM });
  const names = new Map(variants.map((v) => [v.id, `Variant ${v.key}`]));
  const arms = buildArms(rows, names, test.metric, DEFAULT_SPLIT_AUTO_WINNER.guardrails);
  const recommendation = decideWinner(arms, { confidence: test.confidence, minSample: test.minSamplePerArm });
  return { metric: test.metric, arms, recommendation };
}

export type BroadcastTestCheck =
  { isDecided: false; reason: string } | { isDecided: true; decision: BroadcastAbDecision };

/**
 * Judges the test once. Before the deadline only a winner by the test ends it; at the deadline
 * (`isFinal`) the fallback applies. A decision already stored is returned as it is (retries).
 */
export async function checkBroadcastTest(
  db: Db,
  input: { workspaceId: string; broadcastId: string; isFinal: boolean; now?: Date },
): Promise<BroadcastTestCheck> {
  const broadcast = await findBroadcastById(db, input.workspaceId, input.broadcastId);
  if (!broadcast) throw broadcastNotFound(input.broadcastId);
  if (broadcast.abDecision) return { isDecided: true, decision: broadcast.abDecision };
  const test = broadcast.abTest;
  const state = await evaluateBroadcastTest(db, broadcast);
  if (!test || !state) {
    throw new AppError(AppErrorCode.PRECONDITION_FAILED, `Broadcast ${broadcast.id} has no test to decide.`);
  }
  const variants = await findBroadcastVariants(db, broadcast.id);
  const { recommendation, arms } = state;
  const decidedAt = (input.now ?? new Date()).toISOString();
  const stats = winnerStats(arms, recommendation);
  const winner = variants.find((v) => v.id === recommendation.variantId);
  if (winner) {
    const decision: BroadcastAbDecision = {
      outcome: "winner",
      variantKey: winner.key,
      reason: input.isFinal ? recommendation.reason : `${recommendation.reason} Decided before the deadline.`,
      isEarly: !input.isFinal,
      stats,
      decidedAt,
    };
    return {
      isDecided: true,
      decision: await recordBroadcastDecision(db, broadcast.id, decision, { variantId: winner.id }),
    };
  }
  if (!input.isFinal) return { isDecided: false, reason: recommendation.reason };
  const fallbackKey = test.fallback.kind === "variant" ? test.fallback.key : null;
  const fallback = variants.find((v) => v.key === fallbackKey);
  const why = `No winner by the deadline: ${recommendation.reason}`;
  if (fallback) {
    const decision: BroadcastAbDecision = {
      outcome: "fallback",
      variantKey: fallback.key,
      reason: `${why} The fallback, variant ${fallback.key}, goes to the rest.`,
      isEarly: false,
      stats,
      decidedAt,
    };
    return {
      isDecided: true,
      decision: await recordBroadcastDecision(db, broadcast.id, decision, { variantId: fallback.id }),
    };
  }
  const decision: BroadcastAbDecision = {
    outcome: "stop",
    variantKey: null,
    reason: `${why} The fallback is to stop: the rest of the audience gets nothing.`,
    isEarly: false,
    stats,
    decidedAt,
  };
  const stored = await recordBroadcastDecision(db, broadcast.id, decision, {
    stopReason: "the test found no winner and the broadcast stopped",
  });
  return { isDecided: true, decision: stored };
}
