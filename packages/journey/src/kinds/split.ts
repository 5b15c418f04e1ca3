// The A/B/n split: weighted variants (each also an outlet), an optional hold-out, and an
// optional automatic winner. Assignment is a stable hash of (contact, node) (split.ts),
// interpreted by temporal/workflows/src/steps/split.ts.
import { z } from "zod";
import { defineNodeKind, type Push } from "./kind";

export const ZSplitVariantSchema = z.object({
  /** Also the outlet (edge `sourceHandle`) of the variant. */
  id: z.string().min(1),
  name: z.string(),
  /** Share of the non-hold-out contacts, percent; variants sum to 100. */
  weight: z.number(),
});
/** What an automatic winner is judged on: the journey goal, or engagement with the emails after the split. */
export const SPLIT_WINNER_METRICS = ["goal_conversion", "open_rate", "click_rate"] as const;
export type SplitWinnerMetric = (typeof SPLIT_WINNER_METRICS)[number];
/**
 * Guardrails on the winner's unsubscribe and complaint rates: `relative` blocks a winner whose
 * rate exceeds the other variants' by more than `maxIncrease` (0.25 = 25% worse), `absolute`
 * one above the fixed caps.
 */
export const ZSplitGuardrailsSchema = z.object({
  mode: z.enum(["relative", "absolute"]).default("relative"),
  maxIncrease: z.number().default(0.25),
  maxUnsubscribeRate: z.number().default(0.02),
  maxComplaintRate: z.number().default(0.003),
});
export const ZSplitAutoWinnerSchema = z.object({
  /** Off by default: a person declares winners unless the journey opts in. */
  enabled: z.boolean().default(false),
  metric: z.enum(SPLIT_WINNER_METRICS).default("goal_conversion"),
  /** 1 − the chance of ever declaring a winner between equal variants (sequential test). */
  confidence: z.number().default(0.95),
  minSamplePerArm: z.number().default(200),
  guardrails: ZSplitGuardrailsSchema.default({
    mode: "relative",
    maxIncrease: 0.25,
    maxUnsubscribeRate: 0.02,
    maxComplaintRate: 0.003,
  }),
});
export type SplitAutoWinner = z.infer<typeof ZSplitAutoWinnerSchema>;
export const DEFAULT_SPLIT_AUTO_WINNER: SplitAutoWinner = ZSplitAutoWinnerSchema.parse({});

export const ZSplitNodeDataSchema = z.object({
  kind: z.literal("split"),
  variants: z.array(ZSplitVariantSchema),
  /** Percent of contacts held out (they exit, recorded as `holdout`); 0 = none. */
  holdoutPercent: z.number().default(0),
  /** Optional automatic winner; once declared, later contacts (not the hold-out) take it. */
  autoWinner: ZSplitAutoWinnerSchema.optional(),
});
export type SplitVariant = z.infer<typeof ZSplitVariantSchema>;

export const ZPlanSplitStepSchema = z.object({
  kind: z.literal("split"),
  id: z.string(),
  variants: z.array(z.object({ id: z.string(), weight: z.number(), next: z.string().nullable() })),
  holdoutPercent: z.number(),
  autoWinner: ZSplitAutoWinnerSchema.optional(),
});

export type SplitValidationCode = "split_invalid";

function validateAutoWinner(
  auto: SplitAutoWinner,
  variantCount: number,
  name: string,
  push: Push,
  hasGoal: boolean,
): void {
  const label = `${name}: automatic winner`;
  if (variantCount < 2) push("split_invalid", `${label} needs at least two variants to compare`);
  if (!SPLIT_WINNER_METRICS.includes(auto.metric))
    push("split_invalid", `${label}: unknown metric "${auto.metric}" (use ${SPLIT_WINNER_METRICS.join(", ")})`);
  if (auto.metric === "goal_conversion" && !hasGoal)
    push(
      "split_invalid",
      `${label} compares goal conversion, but the journey has no goal; set one in the journey settings or pick open or click rate`,
    );
  if (!(auto.confidence >= 0.8 && auto.confidence <= 0.999))
    push(
      "split_invalid",
      `${label}: confidence must be from 80% to 99.9% (got ${Math.round(auto.confidence * 1000) / 10}%)`,
    );
  if (!(Number.isInteger(auto.minSamplePerArm) && auto.minSamplePerArm >= 10))
    push(
      "split_invalid",
      `${label}: the minimum sample per variant must be a whole number of at least 10 (got ${auto.minSamplePerArm})`,
    );
  const { guardrails } = auto;
  if (guardrails.mode === "relative" && !(guardrails.maxIncrease >= 0))
    push(
      "split_invalid",
      `${label}: the guardrail's allowed increase must be 0% or more (got ${guardrails.maxIncrease * 100}%)`,
    );
  if (guardrails.mode === "absolute") {
    if (!(guardrails.maxUnsubscribeRate > 0 && guardrails.maxUnsubscribeRate < 1))
      push(
        "split_invalid",
        `${label}: the unsubscribe-rate cap must be between 0% and 100% (got ${guardrails.maxUnsubscribeRate * 100}%)`,
      );
    if (!(guardrails.maxComplaintRate > 0 && guardrails.maxComplaintRate < 1))
      push(
        "split_invalid",
        `${label}: the complaint-rate cap must be between 0% and 100% (got ${guardrails.maxComplaintRate * 100}%)`,
      );
  }
}

export const splitKind = defineNodeKind<z.infer<typeof ZSplitNodeDataSchema>, z.infer<typeof ZPlanSplitStepSchema>>({
  kind: "split",
  label: "Split",
  staticOutlets: [],
  outlets: (data) => data.variants.map((variant) => variant.id),
  validate({ variants, holdoutPercent, autoWinner }, { name, facts, push }) {
    if (autoWinner?.enabled) validateAutoWinner(autoWinner, variants.length, name, push, facts.hasGoal);
    if (variants.length === 0) {
      push("split_invalid", `${name} needs at least one variant`);
      return;
    }
    const seen = new Set<string>();
    for (const variant of variants) {
      if (seen.has(variant.id)) push("split_invalid", `${name} has two variants with the id "${variant.id}"`);
      seen.add(variant.id);
      if (!(variant.weight >= 0))
        push("split_invalid", `${name}: variant "${variant.name || variant.id}" needs a weight of 0 or more`);
    }
    const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
    if (Math.abs(total - 100) > 1e-6)
      push("split_invalid", `${name}: variant weights must add up to 100 (they add up to ${total})`);
    if (!(holdoutPercent >= 0 && holdoutPercent < 100))
      push(
        "split_invalid",
        `${name}: the hold-out share must be from 0 to less than 100 percent (got ${holdoutPercent})`,
      );
  },
  compile: (data, { id, nextOf }) => ({
    kind: "split",
    id,
    variants: data.variants.map((variant) => ({
      id: variant.id,
      weight: variant.weight,
      next: nextOf(id, variant.id),
    })),
    holdoutPercent: data.holdoutPercent,
    // Read by the automatic-winner checker (the dispatcher), never by the workflow.
    ...(data.autoWinner?.enabled ? { autoWinner: structuredClone(data.autoWinner) } : {}),
  }),
});
