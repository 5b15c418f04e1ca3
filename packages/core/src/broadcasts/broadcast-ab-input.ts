// What a staggered A/B/n test may hold, checked at the edge (the draft schema carries it as
// `abTest`): 2–5 variants whose weights add up to 100, a sample strictly between 0% and 100%,
// a metric (a goal needs its event), a duration, and a fallback that names a variant or "stop".
// Each refusal names its field, before anything is stored or sent.
import { z } from "zod";

export const MAX_BROADCAST_VARIANTS = 5;
/** Variant keys by position: "A", "B", … (shown in reports and the CSV). */
export const BROADCAST_VARIANT_KEYS = ["A", "B", "C", "D", "E"] as const;
export const BROADCAST_TEST_METRICS = ["open_rate", "click_rate", "goal_conversion"] as const;
const MAX_DURATION_MINUTES = 7 * 24 * 60;

/** Trimmed text up to `max` characters; empty means null. */
export const optionalText = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .nullable()
    .default(null)
    .transform((value) => (value?.trim() ? value.trim() : null));

export const ZBroadcastVariantSchema = z.object({
  /** Null: the broadcast's template. */
  templateId: z.uuid({ message: "a variant's templateId must be a UUID" }).nullable().default(null),
  /** Null: the template's subject. Liquid allowed, as in templates. */
  subject: optionalText(500, "a variant's subject").refine(
    (subject) => subject === null || !/[\r\n]/.test(subject),
    "a variant's subject may not contain line breaks",
  ),
  /** Null: the sender as declared. A display name only — no address, quotes or line breaks. */
  senderName: optionalText(100, "a variant's sender name").refine(
    (name) => name === null || !/[<>"\r\n@]/.test(name),
    "a variant's sender name may not contain < > \" @ or line breaks",
  ),
  weight: z
    .number()
    .int("a variant's weight must be a whole number")
    .min(1, "each variant needs a weight of at least 1"),
});

export const ZBroadcastAbTestSchema = z
  .object({
    variants: z
      .array(ZBroadcastVariantSchema)
      .min(2, "a test needs at least 2 variants")
      .max(MAX_BROADCAST_VARIANTS, `a test has at most ${MAX_BROADCAST_VARIANTS} variants`),
    samplePercent: z
      .number()
      .gt(0, "the test sample must be more than 0% of the audience")
      .lt(100, "the test sample must be less than 100% of the audience, or nobody is left for the winner"),
    metric: z.enum(BROADCAST_TEST_METRICS).default("click_rate"),
    /** goal_conversion only: the track event that counts, within `goalWindowHours` after the send. */
    goalEvent: optionalText(200, "the goal event"),
    goalWindowHours: z.number().int().min(1, "the goal window must be at least 1 hour").max(720).default(24),
    durationMinutes: z
      .number()
      .int("the test duration must be whole minutes")
      .min(1, "the test must run at least 1 minute")
      .max(MAX_DURATION_MINUTES, "the test may run at most 7 days"),
    /** A variant's key ("A", "B", …) sent to the rest when no variant wins, or "stop". */
    fallback: z.string().default("stop"),
    confidence: z
      .number()
      .min(0.8, "confidence must be at least 0.8")
      .max(0.999, "confidence must be at most 0.999")
      .default(0.95),
    minSamplePerArm: z
      .number()
      .int()
      .min(1, "the minimum sample must be at least 1 per variant")
      .max(1_000_000)
      .default(100),
  })
  .superRefine((test, ctx) => {
    const total = test.variants.reduce((sum, variant) => sum + variant.weight, 0);
    if (total !== 100) {
      ctx.addIssue({
        code: "custom",
        path: ["variants"],
        message: `the variants' weights add up to ${total}, not 100`,
      });
    }
    const keys: readonly string[] = BROADCAST_VARIANT_KEYS.slice(0, test.variants.length);
    if (test.fallback !== "stop" && !keys.includes(test.fallback)) {
      ctx.addIssue({
        code: "custom",
        path: ["fallback"],
        message: `the fallback "${test.fallback.slice(0, 20)}" is not a variant; choose ${keys.join(", ")} or "stop"`,
      });
    }
    if (test.metric === "goal_conversion" && !test.goalEvent) {
      ctx.addIssue({ code: "custom", path: ["goalEvent"], message: "judging on a goal needs the goal event's name" });
    }
  });

export type BroadcastAbTestInput = z.infer<typeof ZBroadcastAbTestSchema>;
