// One split's experiment from its arm counts (pure): per-arm rates on the chosen metric with
// 95% Wilson intervals and P(best) (descriptive, shown only past a minimum of successes),
// guardrails against the other variants, the
// decision by the always-valid sequential test (sequential.ts) — the same rule for the panel's
// recommendation and the automatic winner — and the stats a declared winner is stored with.
import type { ExperimentArmCounts } from "@mailstream/db/queries/metrics-experiments";
import type { ExperimentWinnerStats } from "@mailstream/db/schema";
import type { SplitAutoWinner, SplitWinnerMetric } from "@mailstream/journey/schema";
import { comparePosteriors } from "./bayes";
import { decideSequential } from "./sequential";
import { wilsonInterval } from "./wilson";

export type Guardrails = SplitAutoWinner["guardrails"];

/**
 * Below these rates a relative guardrail never blocks: one unsubscribe in a few hundred sends
 * against none elsewhere is noise, not harm.
 */
export const GUARDRAIL_FLOORS = { unsubscribeRate: 0.002, complaintRate: 0.0005 } as const;

/**
 * P(best) is shown only once the variants have this many successes between them: with none,
 * the posteriors are the prior and any split of "probability" is noise dressed as a finding
 * (0 vs 0 conversions read as 63.5% vs 36.5%).
 */
export const MIN_SUCCESSES_FOR_P_BEST = 5;

/** What a split's arms are compared on when nobody chose: the goal if the journey has one, else clicks. */
export function defaultExperimentMetric(hasGoal: boolean): SplitWinnerMetric {
  // Clicks, not opens: privacy proxies (Apple Mail) load pixels for every delivered email.
  return hasGoal ? "goal_conversion" : "click_rate";
}

export function hasEnoughDataForPBest(arms: readonly { arm: string; successes: number }[]): boolean {
  const variants = arms.filter((a) => a.arm !== "holdout");
  return variants.length >= 2 && variants.reduce((s, a) => s + a.successes, 0) >= MIN_SUCCESSES_FOR_P_BEST;
}

export interface GuardrailCheck {
  metric: "unsubscribe_rate" | "complaint_rate";
  winnerRate: number;
  othersRate: number;
  limit: number;
  isOk: boolean;
}

export interface ExperimentArm extends ExperimentArmCounts {
  name: string;
  /** The chosen metric's denominator and numerator (contacts assigned / reached by email). */
  trials: number;
  successes: number;
  rate: number;
  /** 95% Wilson interval of the rate (always contains it). */
  low: number;
  high: number;
  /** Null for the hold-out (the baseline, not a candidate) and below MIN_SUCCESSES_FOR_P_BEST. */
  probabilityBest: number | null;
  unsubscribeRate: number;
  complaintRate: number;
  guardrails: GuardrailCheck[];
  isGuardrailOk: boolean;
}

export interface Recommendation {
  variantId: string | null;
  reason: string;
  /** The sequential test behind it: the leader's weakest log e-value and the bar. */
  evidence: { leaderId: string | null; logEValue: number; logThreshold: number; pValue: number };
}

const rate = (n: number, d: number) => (d > 0 ? n / d : 0);
const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

export function metricCounts(
  counts: ExperimentArmCounts,
  metric: SplitWinnerMetric,
): { successes: number; trials: number } {
  if (metric === "open_rate") return { successes: counts.opened, trials: counts.reached };
  if (metric === "click_rate") return { successes: counts.clicked, trials: counts.reached };
  return { successes: counts.converted, trials: counts.assigned };
}

function checkGuardrails(
  arm: ExperimentArmCounts,
  others: readonly ExperimentArmCounts[],
  guardrails: Guardrails,
): GuardrailCheck[] {
  const sum = (key: "unsubscribed" | "complained" | "sent") => others.reduce((s, o) => s + o[key], 0);
  const check = (
    metric: GuardrailCheck["metric"],
    key: "unsubscribed" | "complained",
    cap: number,
    floor: number,
  ): GuardrailCheck => {
    const winnerRate = rate(arm[key], arm.sent);
    const othersRate = rate(sum(key), sum("sent"));
    const limit = guardrails.mode === "absolute" ? cap : Math.max(othersRate * (1 + guardrails.maxIncrease), floor);
    return { metric, winnerRate, othersRate, limit, isOk: winnerRate <= limit };
  };
  return [
    check("unsubscribe_rate", "unsubscribed", guardrails.maxUnsubscribeRate, GUARDRAIL_FLOORS.unsubscribeRate),
    check("complaint_rate", "complained", guardrails.maxComplaintRate, GUARDRAIL_FLOORS.complaintRate),
  ];
}

/** Arms in display order (variants, then the hold-out) with rates on `metric`. */
export function buildArms(
  rows: readonly ExperimentArmCounts[],
  names: ReadonlyMap<string, string>,
  metric: SplitWinnerMetric,
  guardrails: Guardrails,
): ExperimentArm[] {
  const withMetric = rows.map((r) => ({ ...r, ...metricCounts(r, metric) }));
  const showsPBest = hasEnoughDataForPBest(withMetric);
  const variants = withMetric.filter((r) => r.arm !== "holdout");
  const candidates = comparePosteriors(
    variants.map((r) => ({ id: r.arm, successes: r.successes, trials: r.trials })),
    { seed: 42 },
  );
  return withMetric.map((r) => {
    const interval = wilsonInterval(r.successes, r.trials);
    const isHoldout = r.arm === "holdout";
    const checks = isHoldout
      ? []
      : checkGuardrails(
          r,
          variants.filter((o) => o.arm !== r.arm),
          guardrails,
        );
    return {
      ...r,
      name: isHoldout ? "Hold-out" : (names.get(r.arm) ?? r.arm),
      rate: rate(r.successes, r.trials),
      low: interval.low,
      high: interval.high,
      probabilityBest:
        isHoldout || !showsPBest ? null : (candidates.arms.find((a) => a.id === r.arm)?.probabilityBest ?? 0),
      unsubscribeRate: rate(r.unsubscribed, r.sent),
      complaintRate: rate(r.complained, r.sent),
      guardrails: checks,
      isGuardrailOk: checks.every((c) => c.isOk),
    };
  });
}

/** The sequential rule over the variants (never the hold-out), then the leader's guardrails. */
export function decideWinner(
  arms: readonly ExperimentArm[],
  rule: { confidence: number; minSample: number },
): Recommendation {
  const variants = arms.filter((arm) => arm.arm !== "holdout");
  const decision = decideSequential(
    variants.map((a) => ({ id: a.arm, successes: a.successes, trials: a.trials })),
    rule,
  );
  const evidence = {
    leaderId: decision.leaderId,
    logEValue: decision.logEValue,
    logThreshold: decision.logThreshold,
    pValue: decision.pValue,
  };
  const leader = variants.find((a) => a.arm === decision.leaderId);
  const say = (reason: string, variantId: string | null = null): Recommendation => ({ variantId, reason, evidence });
  if (decision.reason === "too_few_arms" || !leader) return say("Needs at least two variants with traffic.");
  if (decision.reason === "min_sample") {
    const small = variants.filter((a) => a.trials < rule.minSample);
    return say(
      `Waiting for ${rule.minSample} contacts per variant (${small.map((a) => `${a.name}: ${a.trials}`).join(", ")}).`,
    );
  }
  if (decision.reason === "not_yet")
    return say(
      `No variant is ahead at ${pct(rule.confidence)} confidence yet (leader ${leader.name}, always-valid p = ${decision.pValue.toPrecision(2)}, needs ≤ ${Math.exp(-decision.logThreshold).toPrecision(2)}).`,
    );
  if (!leader.isGuardrailOk) {
    const failed = leader.guardrails
      .filter((c) => !c.isOk)
      .map((c) => `${c.metric.replace("_", " ")} ${pct(c.winnerRate)} > limit ${pct(c.limit)}`);
    return say(`${leader.name} leads but fails a guardrail (${failed.join(", ")}).`);
  }
  return say(
    `${leader.name} is ahead at ${pct(rule.confidence)} confidence (always-valid p = ${decision.pValue.toPrecision(2)}); guardrails pass.`,
    leader.arm,
  );
}

export function winnerStats(arms: readonly ExperimentArm[], recommendation: Recommendation): ExperimentWinnerStats {
  const winner = arms.find((a) => a.arm === recommendation.variantId);
  const { logEValue, logThreshold, pValue } = recommendation.evidence;
  return {
    arms: arms.map((a) => ({ arm: a.arm, trials: a.trials, successes: a.successes, rate: a.rate })),
    // Capped so a huge e-value stays a JSON number.
    eValue: Math.min(Math.exp(logEValue), Number.MAX_VALUE),
    pValue,
    threshold: Math.exp(logThreshold),
    guardrails: (winner?.guardrails ?? []).map(({ metric, winnerRate, othersRate, limit }) => ({
      metric,
      winnerRate,
      othersRate,
      limit,
    })),
  };
}
