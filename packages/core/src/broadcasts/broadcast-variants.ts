// A broadcast's variants between the draft's shape and the stored rows: one variant "A" for a
// plain broadcast, "A", "B", … with the test's settings for a staggered A/B/n one — and back.
import type { BroadcastVariantInput } from "@mailstream/db/queries/broadcast-ab";
import type { BroadcastVariantRow } from "@mailstream/db/queries/broadcasts";
import type { BroadcastAbTest } from "@mailstream/db/schema";
import { BROADCAST_VARIANT_KEYS, type BroadcastAbTestInput } from "./broadcast-ab-input";
import type { BroadcastDraftInput } from "./broadcast-input";

const HOUR_MS = 3_600_000;

export function variantRowsFromDraft(input: BroadcastDraftInput): BroadcastVariantInput[] {
  if (!input.abTest) {
    return [{ key: "A", templateId: input.templateId, subject: null, senderName: null, weight: 100 }];
  }
  return input.abTest.variants.map((variant, index) => ({
    key: BROADCAST_VARIANT_KEYS[index] as string,
    templateId: variant.templateId ?? input.templateId,
    subject: variant.subject,
    senderName: variant.senderName,
    weight: variant.weight,
  }));
}

export function abTestColumn(test: BroadcastAbTestInput | null): BroadcastAbTest | null {
  if (!test) return null;
  return {
    samplePercent: test.samplePercent,
    metric: test.metric,
    goal:
      test.metric === "goal_conversion" && test.goalEvent
        ? { event: test.goalEvent, windowMs: test.goalWindowHours * HOUR_MS }
        : null,
    durationMs: test.durationMinutes * 60_000,
    fallback: test.fallback === "stop" ? { kind: "stop" } : { kind: "variant", key: test.fallback },
    confidence: test.confidence,
    minSamplePerArm: test.minSamplePerArm,
  };
}

/** The stored test in the draft's input shape (what the form edits), or null. */
export function presentAbTest(
  test: BroadcastAbTest | null,
  variants: readonly BroadcastVariantRow[],
): BroadcastAbTestInput | null {
  if (!test) return null;
  return {
    variants: variants.map((v) => ({
      templateId: v.templateId,
      subject: v.subject,
      senderName: v.senderName,
      weight: v.weight,
    })),
    samplePercent: test.samplePercent,
    metric: test.metric,
    goalEvent: test.goal?.event ?? null,
    goalWindowHours: test.goal ? Math.round(test.goal.windowMs / HOUR_MS) : 24,
    durationMinutes: Math.round(test.durationMs / 60_000),
    fallback: test.fallback.kind === "stop" ? "stop" : test.fallback.key,
    confidence: test.confidence,
    minSamplePerArm: test.minSamplePerArm,
  };
}

/** `"Name" <address>`: a variant's sender name before the from address (whatever name it had). */
export function withSenderName(from: string, senderName: string | null): string {
  if (!senderName) return from;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return `"${senderName}" <${address}>`;
}
