// Experiments: each split node's arms side by side — conversion on the journey goal with
// 95% credible intervals and the probability each variant is best (Bayesian, valid under
// continuous peeking), hold-out lift, unsubscribe/complaint guardrails — and the automatic
// winner decision. Declaring records the decision; routing later contacts to the winner is
// the workflow's job (split interpretation) and is not done here.
import type { Db } from "@mailstream/db/client";
import { findJourneyVersionById } from "@mailstream/db/queries/journeys";
import {
  findExperimentArms,
  findExperimentWinners,
  insertExperimentWinnerOnce,
  type ExperimentArmCounts,
  type ExperimentWinner,
} from "@mailstream/db/queries/metrics-experiments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { comparePosteriors } from "../metrics/bayes";
import { rangeStart, ZDashboardFilterSchema } from "../metrics/live-payload";
import { assertJourney } from "./metrics";

export const ZExperimentFilterSchema = ZDashboardFilterSchema.extend({
  confidence: z.number().min(0.5, "confidence must be at least 0.5").max(0.999, "confidence must be below 1").default(0.95),
  minSample: z.number().int().min(1, "minSample must be at least 1").default(100),
});
export type ExperimentFilter = z.infer<typeof ZExperimentFilterSchema>;

/** Guardrails: a variant above either rate cannot win, however well it converts. */
export const GUARDRAILS = { unsubscribeRate: 0.02, complaintRate: 0.003 } as const;

export interface ExperimentArm extends ExperimentArmCounts {
  name: string;
  rate: number;
  low: number;
  high: number;
  /** Null for the hold-out (it is the baseline, not a candidate). */
  probabilityBest: number | null;
  unsubscribeRate: number;
  complaintRate: number;
  isGuardrailOk: boolean;
}

export interface Experiment {
  nodeId: string;
  goal: { event: string; windowMs: number } | null;
  arms: ExperimentArm[];
  holdout: { rate: number; variantsRate: number; lift: number | null; probabilityVariantsBetter: number } | null;
  recommendation: { variantId: string | null; reason: string };
  winner: ExperimentWinner | null;
}

const rate = (n: number, d: number) => (d > 0 ? n / d : 0);

export function decideWinner(arms: readonly ExperimentArm[], filter: Pick<ExperimentFilter, "confidence" | "minSample">) {
  const variants = arms.filter((arm) => arm.arm !== "holdout");
  if (variants.length < 2) return { variantId: null, reason: "Needs at least two variants with traffic." };
  const small = variants.filter((arm) => arm.assigned < filter.minSample);
  if (small.length > 0)
    return { variantId: null, reason: `Waiting for ${filter.minSample} contacts per variant (${small.map((a) => `${a.name}: ${a.assigned}`).join(", ")}).` };
  const best = [...variants].sort((a, b) => (b.probabilityBest ?? 0) - (a.probabilityBest ?? 0))[0] as ExperimentArm;
  const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
  if ((best.probabilityBest ?? 0) < filter.confidence)
    return { variantId: null, reason: `No variant is best with ${pct(filter.confidence)} confidence yet (leader ${best.name}: ${pct(best.probabilityBest ?? 0)}).` };
  if (!best.isGuardrailOk)
    return { variantId: null, reason: `${best.name} leads but fails a guardrail (unsubscribes ${pct(best.unsubscribeRate)}, complaints ${pct(best.complaintRate)}).` };
  return { variantId: best.arm, reason: `${best.name} is best with ${pct(best.probabilityBest ?? 0)} probability; guardrails pass.` };
}

export async function getExperiments(db: Db, workspaceId: string, filter: ExperimentFilter): Promise<Experiment[]> {
  const journey = await assertJourney(db, workspaceId, filter.journeyId);
  const versionId = filter.versionId ?? journey.liveVersionId;
  const version = versionId ? await findJourneyVersionById(db, versionId) : null;
  if (!version || version.journeyId !== journey.id) return [];
  const goal = version.plan.settings?.goal ? { event: version.plan.settings.goal.event, windowMs: version.plan.settings.goal.windowMs } : null;
  const winners = await findExperimentWinners(db, journey.id);
  const experiments: Experiment[] = [];
  for (const node of version.graph.nodes) {
    if (node.data.kind !== "split") continue;
    const counts = await findExperimentArms(db, {
      journeyId: journey.id, versionId: filter.versionId, from: rangeStart(filter.range), nodeId: node.id, goal,
    });
    const byArm = new Map(counts.map((c) => [c.arm, c]));
    const armIds = [...node.data.variants.map((v) => v.id), ...(node.data.holdoutPercent > 0 || byArm.has("holdout") ? ["holdout"] : [])];
    const names = new Map(node.data.variants.map((v) => [v.id, v.name || v.id]));
    const rows = armIds.map((id) => byArm.get(id) ?? { arm: id, assigned: 0, converted: 0, sent: 0, unsubscribed: 0, complained: 0 });
    const posterior = comparePosteriors(
      rows.map((r) => ({ id: r.arm, successes: r.converted, trials: r.assigned })),
      { seed: 42 },
    );
    const candidates = comparePosteriors(
      rows.filter((r) => r.arm !== "holdout").map((r) => ({ id: r.arm, successes: r.converted, trials: r.assigned })),
      { seed: 42 },
    );
    const arms: ExperimentArm[] = rows.map((r) => {
      const p = posterior.arms.find((a) => a.id === r.arm);
      const unsubscribeRate = rate(r.unsubscribed, r.sent);
      const complaintRate = rate(r.complained, r.sent);
      return {
        ...r,
        name: r.arm === "holdout" ? "Hold-out" : (names.get(r.arm) ?? r.arm),
        rate: rate(r.converted, r.assigned),
        low: p?.low ?? 0,
        high: p?.high ?? 0,
        probabilityBest: r.arm === "holdout" ? null : (candidates.arms.find((a) => a.id === r.arm)?.probabilityBest ?? 0),
        unsubscribeRate,
        complaintRate,
        isGuardrailOk: unsubscribeRate <= GUARDRAILS.unsubscribeRate && complaintRate <= GUARDRAILS.complaintRate,
      };
    });
    const hold = rows.find((r) => r.arm === "holdout");
    let holdout: Experiment["holdout"] = null;
    if (hold) {
      const pooled = rows.filter((r) => r.arm !== "holdout").reduce((s, r) => ({ x: s.x + r.converted, n: s.n + r.assigned }), { x: 0, n: 0 });
      const lift = comparePosteriors(
        [{ id: "holdout", successes: hold.converted, trials: hold.assigned }, { id: "variants", successes: pooled.x, trials: pooled.n }],
        { seed: 42, controlId: "holdout" },
      );
      const holdRate = rate(hold.converted, hold.assigned);
      const variantsRate = rate(pooled.x, pooled.n);
      holdout = {
        rate: holdRate,
        variantsRate,
        lift: holdRate > 0 ? (variantsRate - holdRate) / holdRate : null,
        probabilityVariantsBetter: lift.probabilityBeatsControl.variants ?? 0,
      };
    }
    experiments.push({
      nodeId: node.id,
      goal,
      arms,
      holdout,
      recommendation: goal ? decideWinner(arms, filter) : { variantId: null, reason: "The journey has no goal to compare variants on." },
      winner: winners.find((w) => w.nodeId === node.id) ?? null,
    });
  }
  return experiments;
}

/** Records the recommended winner; refuses a variant the numbers do not support. */
export async function declareExperimentWinner(
  db: Db,
  workspaceId: string,
  input: ExperimentFilter & { nodeId: string; variantId: string },
): Promise<ExperimentWinner> {
  const experiment = (await getExperiments(db, workspaceId, input)).find((e) => e.nodeId === input.nodeId);
  if (!experiment) throw new TRPCError({ code: "NOT_FOUND", message: `Split node ${input.nodeId} is not in this journey version.` });
  if (experiment.recommendation.variantId !== input.variantId)
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: `Variant ${input.variantId} cannot be declared: ${experiment.recommendation.reason}` });
  const arm = experiment.arms.find((a) => a.arm === input.variantId);
  const journey = await assertJourney(db, workspaceId, input.journeyId);
  return insertExperimentWinnerOnce(db, {
    journeyId: input.journeyId,
    versionId: input.versionId ?? journey.liveVersionId,
    nodeId: input.nodeId,
    variantId: input.variantId,
    metric: "goal_conversion",
    probabilityBest: arm?.probabilityBest ?? 0,
    confidence: input.confidence,
    minSample: input.minSample,
  });
}
