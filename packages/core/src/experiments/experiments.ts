// Experiments: each split node's arms, named by the email each sends, side by side on a
// metric (chosen, or the goal when the journey has one, else clicks) with Wilson intervals, P(best), hold-out lift on the goal, guardrails, and
// the winner decision by an always-valid sequential test (experiment-eval.ts). A
// recorded winner routes later contacts (workflow SPLIT_WINNER_PATCH); the automatic checker
// (auto-winner.ts) records one by the same rule. Live pages share one poller per
// filter per process through the live hub.
import type { Db, Tx } from "@mailstream/db/client";
import { findJourneyVersionById } from "@mailstream/db/queries/journeys";
import { findTemplates } from "@mailstream/db/queries/templates";
import {
  findExperimentArms,
  findExperimentWinners,
  insertExperimentWinnerOnce,
  type ExperimentWinner,
} from "@mailstream/db/queries/metrics-experiments";
import {
  DEFAULT_SPLIT_AUTO_WINNER,
  SPLIT_WINNER_METRICS,
  type SplitAutoWinner,
  type SplitWinnerMetric,
} from "@mailstream/journey/schema";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { z } from "zod";
import { armEmails, type ArmEmail } from "./arm-emails";
import { comparePosteriors } from "./bayes";
import {
  buildArms,
  decideWinner,
  defaultExperimentMetric,
  MIN_SUCCESSES_FOR_P_BEST,
  winnerStats,
  type ExperimentArm,
  type Guardrails,
  type Recommendation,
} from "./experiment-eval";
import { hubPerDatabase, type LiveMetricsHub } from "../metrics/live-hub";
import { filterWindow, ZDashboardFilterSchema } from "../metrics/live-payload";
import { assertJourney } from "../metrics/journey-metrics";

export { decideWinner, type ExperimentArm } from "./experiment-eval";
export type { ArmEmail } from "./arm-emails";

export const ZExperimentFilterSchema = ZDashboardFilterSchema.extend({
  metric: z
    .enum(SPLIT_WINNER_METRICS, { message: `metric must be one of ${SPLIT_WINNER_METRICS.join(", ")}` })
    .nullable()
    // null: the journey's goal when it has one, else click rate (defaultExperimentMetric).
    .default(null),
  confidence: z
    .number()
    .min(0.5, "confidence must be at least 0.5")
    .max(0.999, "confidence must be at most 0.999")
    .default(0.95),
  minSample: z.number().int().min(1, "minSample must be at least 1").default(100),
});
export type ExperimentFilter = z.infer<typeof ZExperimentFilterSchema>;

/** An arm with the email its contacts get first (null for the hold-out, or a variant without one). */
export type ExperimentArmView = ExperimentArm & { email: ArmEmail | null };

export interface Experiment {
  nodeId: string;
  /** The metric compared on: the filter's, or the default for this journey when it named none. */
  metric: SplitWinnerMetric;
  isDefaultMetric: boolean;
  goal: { event: string; windowMs: number } | null;
  arms: ExperimentArmView[];
  /**
   * Always on the goal, whatever the metric: the hold-out gets no emails to open.
   * `probabilityVariantsBetter` is null below the minimum of conversions (MIN_SUCCESSES_FOR_P_BEST).
   */
  holdout: {
    rate: number;
    variantsRate: number;
    lift: number | null;
    probabilityVariantsBetter: number | null;
  } | null;
  recommendation: Recommendation;
  winner: ExperimentWinner | null;
  /** The node's automatic-winner settings (null when off). */
  autoWinner: SplitAutoWinner | null;
}

const rate = (n: number, d: number) => (d > 0 ? n / d : 0);

function holdoutLift(rows: readonly ExperimentArm[]): Experiment["holdout"] {
  const hold = rows.find((r) => r.arm === "holdout");
  if (!hold) return null;
  const pooled = rows
    .filter((r) => r.arm !== "holdout")
    .reduce((s, r) => ({ x: s.x + r.converted, n: s.n + r.assigned }), { x: 0, n: 0 });
  const lift = comparePosteriors(
    [
      { id: "holdout", successes: hold.converted, trials: hold.assigned },
      { id: "variants", successes: pooled.x, trials: pooled.n },
    ],
    { seed: 42, controlId: "holdout" },
  );
  const holdRate = rate(hold.converted, hold.assigned);
  const variantsRate = rate(pooled.x, pooled.n);
  return {
    rate: holdRate,
    variantsRate,
    lift: holdRate > 0 ? (variantsRate - holdRate) / holdRate : null,
    probabilityVariantsBetter:
      hold.converted + pooled.x >= MIN_SUCCESSES_FOR_P_BEST ? (lift.probabilityBeatsControl.variants ?? 0) : null,
  };
}

/**
 * `rule` overrides the filter's confidence / sample / guardrails (the automatic checker passes
 * the node's own settings); otherwise guardrails come from the node, or the defaults.
 */
export async function getExperiments(
  db: Db,
  workspaceId: string,
  filter: ExperimentFilter,
  options: { nodeId?: string; useNodeRule?: boolean } = {},
): Promise<Experiment[]> {
  const journey = await assertJourney(db, workspaceId, filter.journeyId);
  const versionId = filter.versionId ?? journey.liveVersionId;
  const version = versionId ? await findJourneyVersionById(db, versionId) : null;
  if (!version || version.journeyId !== journey.id) return [];
  const goal = version.plan.settings?.goal
    ? { event: version.plan.settings.goal.event, windowMs: version.plan.settings.goal.windowMs }
    : null;
  const winners = await findExperimentWinners(db, journey.id);
  const hasSplit = version.graph.nodes.some((n) => n.data.kind === "split");
  const templates = hasSplit
    ? new Map((await findTemplates(db, workspaceId)).map((t) => [t.id, { name: t.name, subject: t.subject }]))
    : new Map<string, { name: string; subject: string }>();
  const experiments: Experiment[] = [];
  for (const node of version.graph.nodes) {
    if (node.data.kind !== "split" || (options.nodeId && node.id !== options.nodeId)) continue;
    const auto = node.data.autoWinner?.enabled ? node.data.autoWinner : null;
    const metric =
      options.useNodeRule && auto ? auto.metric : (filter.metric ?? defaultExperimentMetric(goal !== null));
    const rule =
      options.useNodeRule && auto ? { confidence: auto.confidence, minSample: auto.minSamplePerArm } : filter;
    const guardrails: Guardrails = (node.data.autoWinner ?? DEFAULT_SPLIT_AUTO_WINNER).guardrails;
    const counts = await findExperimentArms(db, {
      journeyId: journey.id,
      versionId: filter.versionId,
      ...filterWindow(filter),
      nodeId: node.id,
      goal,
    });
    const byArm = new Map(counts.map((c) => [c.arm, c]));
    const armIds = [
      ...node.data.variants.map((v) => v.id),
      ...(node.data.holdoutPercent > 0 || byArm.has("holdout") ? ["holdout"] : []),
    ];
    const names = new Map(node.data.variants.map((v) => [v.id, v.name || v.id]));
    const empty = {
      assigned: 0,
      converted: 0,
      sent: 0,
      unsubscribed: 0,
      complained: 0,
      reached: 0,
      opened: 0,
      clicked: 0,
    };
    const arms = buildArms(
      armIds.map((id) => byArm.get(id) ?? { arm: id, ...empty }),
      names,
      metric,
      guardrails,
    );
    const recommendation =
      metric === "goal_conversion" && !goal
        ? {
            variantId: null,
            reason: "The journey has no goal to compare variants on; pick open or click rate.",
            evidence: { leaderId: null, logEValue: 0, logThreshold: 0, pValue: 1 },
          }
        : decideWinner(arms, rule);
    const emails = armEmails(
      version.graph,
      node.id,
      node.data.variants.map((v) => v.id),
      templates,
    );
    experiments.push({
      nodeId: node.id,
      metric,
      isDefaultMetric: !(options.useNodeRule && auto) && filter.metric === null,
      goal,
      arms: arms.map((arm) => ({ ...arm, email: emails.get(arm.arm) ?? null })),
      holdout: holdoutLift(arms),
      recommendation,
      winner: winners.find((w) => w.nodeId === node.id) ?? null,
      autoWinner: auto,
    });
  }
  return experiments;
}

/** Records a winner from an experiment's current recommendation (the rule, never a hunch). */
export async function recordWinner(
  db: Db | Tx,
  experiment: Experiment,
  input: {
    journeyId: string;
    versionId: string | null;
    confidence: number;
    minSample: number;
    source: "manual" | "automatic";
    declaredBy: string;
  },
): Promise<ExperimentWinner> {
  const { variantId } = experiment.recommendation;
  if (!variantId) throw new Error(`split ${experiment.nodeId} has no recommended winner`);
  return insertExperimentWinnerOnce(db, {
    journeyId: input.journeyId,
    versionId: input.versionId,
    nodeId: experiment.nodeId,
    variantId,
    metric: experiment.metric,
    probabilityBest: experiment.arms.find((a) => a.arm === variantId)?.probabilityBest ?? 0,
    confidence: input.confidence,
    minSample: input.minSample,
    source: input.source,
    declaredBy: input.declaredBy,
    stats: winnerStats(experiment.arms, experiment.recommendation),
  });
}

/** A person declares the recommended winner; a variant the numbers do not support is refused. */
export async function declareExperimentWinner(
  db: Db,
  workspaceId: string,
  input: ExperimentFilter & { nodeId: string; variantId: string },
  audit?: AuditContext | null,
): Promise<ExperimentWinner> {
  const [experiment] = await getExperiments(db, workspaceId, input, { nodeId: input.nodeId });
  if (!experiment)
    throw new AppError(AppErrorCode.NOT_FOUND, `Split node ${input.nodeId} is not in this journey version.`);
  if (experiment.winner)
    throw new AppError(
      AppErrorCode.CONFLICT,
      `Split node ${input.nodeId} already has a winner (${experiment.winner.variantId}).`,
    );
  if (experiment.recommendation.variantId !== input.variantId)
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `Variant ${input.variantId} cannot be declared: ${experiment.recommendation.reason}`,
    );
  const journey = await assertJourney(db, workspaceId, input.journeyId);
  return db.transaction(async (tx) => {
    const winner = await recordWinner(tx, experiment, {
      journeyId: input.journeyId,
      versionId: input.versionId ?? journey.liveVersionId,
      confidence: input.confidence,
      minSample: input.minSample,
      source: "manual",
      declaredBy: audit ? `${audit.actor.label} (${audit.actor.kind})` : "Declare winner (UI or API)",
    });
    await recordAudit(tx, {
      context: audit,
      action: "experiment.declare_winner",
      target: { type: "experiment", id: `${input.journeyId}:${input.nodeId}`, label: journey.name },
      changes: { fields: ["winner"], after: { nodeId: input.nodeId, variantId: winner.variantId } },
    });
    return winner;
  });
}

// ---- Live ---------------------------------------------------------------------------------

export function experimentsKey(workspaceId: string, filter: ExperimentFilter): string {
  const { journeyId, versionId, range, metric, confidence, minSample } = filter;
  const [from, to] = [filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null];
  return JSON.stringify([workspaceId, journeyId, versionId, range, metric, confidence, minSample, from, to]);
}

export function loadExperimentsByKey(db: Db, key: string): Promise<Experiment[]> {
  const [workspaceId, journeyId, versionId, range, metric, confidence, minSample, from, to] = JSON.parse(
    key,
  ) as unknown[];
  const window = {
    from: typeof from === "string" ? new Date(from) : null,
    to: typeof to === "string" ? new Date(to) : null,
  };
  return getExperiments(
    db,
    String(workspaceId),
    ZExperimentFilterSchema.parse({ journeyId, versionId, range, metric, confidence, minSample, ...window }),
  );
}

// One hub per database handle, so per process: every open experiments panel with the same
// filter shares one poller (one aggregate per tick), pushed only when the numbers change.
const experimentsHub = hubPerDatabase<Experiment[]>({ intervalMs: 2_000, load: loadExperimentsByKey });

export async function openExperimentsStream(
  db: Db,
  workspaceId: string,
  filter: ExperimentFilter,
  signal?: AbortSignal,
  hub: LiveMetricsHub<Experiment[]> = experimentsHub(db),
): Promise<AsyncIterable<Experiment[]>> {
  await assertJourney(db, workspaceId, filter.journeyId);
  return hub.subscribe(experimentsKey(workspaceId, filter), signal);
}
