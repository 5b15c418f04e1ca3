// The test phase of a staggered A/B/n broadcast (BROADCAST_AB_PATCH): once the sample is sent,
// a durable timer runs to the deadline while an activity checks the always-valid sequential
// test every so often — it may declare a winner early, however often it looks — and at the
// deadline the fallback applies. Pause holds the checks (no decision, so nothing goes to the
// rest) until resume; cancel ends the send with the rest left pending.
// Deterministic code only: `@temporalio/workflow`, the contracts and activity types.
import { condition, proxyActivities } from "@temporalio/workflow";
import type { Activities } from "@mailstream/activities";
import type { BroadcastTestPhase } from "@mailstream/temporal-contracts";

const HOUR_MS = 3_600_000;

const { checkBroadcastTest } = proxyActivities<Activities>({
  startToCloseTimeout: "2 minutes",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    nonRetryableErrorTypes: ["PermanentBroadcastError"],
  },
});

/** A twelfth of the test's duration, between 30 seconds and an hour: a week-long test checks hourly. */
export function testCheckIntervalMs(durationMs: number): number {
  return Math.min(HOUR_MS, Math.max(30_000, Math.floor(durationMs / 12)));
}

export type BroadcastTestOutcome = "winner" | "fallback" | "stop" | "cancelled";

/** Runs the test to its decision; mutates `test` (its deadline, then `isDecided`) for continue-as-new. */
export async function runBroadcastTest(
  ref: { broadcastId: string; workspaceId: string },
  test: BroadcastTestPhase,
  controls: { isPaused: () => boolean; isCancelled: () => boolean },
): Promise<BroadcastTestOutcome> {
  const endsAt = test.endsAt ?? Date.now() + test.durationMs;
  test.endsAt = endsAt;
  for (;;) {
    await condition(() => !controls.isPaused() || controls.isCancelled());
    if (controls.isCancelled()) return "cancelled";
    const check = await checkBroadcastTest({ ...ref, endsAt, isFinal: Date.now() >= endsAt });
    if (check.isDecided) {
      test.isDecided = true;
      return check.decision.outcome;
    }
    const next = Math.min(endsAt, Date.now() + testCheckIntervalMs(test.durationMs));
    await condition(() => controls.isCancelled() || controls.isPaused(), Math.max(1, next - Date.now()));
  }
}
