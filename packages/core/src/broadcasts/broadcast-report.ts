// What the broadcast page shows while and after it sends: progress (sent / remaining / ETA,
// from the counters the page activity bumps), the funnel from its messages' events and its goal
// (converted, broadcast-goal.ts) in total and per variant and phase, the most common skip
// reasons, and the per-recipient CSV.
import type { Db } from "@mailstream/db/client";
import { findBroadcastById } from "@mailstream/db/queries/broadcasts";
import {
  countBroadcastFunnel,
  countSkipReasons,
  findRecipientReportRows,
} from "@mailstream/db/queries/broadcast-recipients";
import { countBroadcastFunnelByVariant } from "@mailstream/db/queries/broadcast-ab";
import { findBroadcastVariants } from "@mailstream/db/queries/broadcasts";
import { evaluateBroadcastTest } from "./broadcast-ab-decision";
import { findBroadcastGoal } from "./broadcast-goal";
import { broadcastNotFound } from "./broadcasts";

const HOUR_MS = 3_600_000;
const CSV_PAGE = 5_000;
/** The export's size limit; bigger audiences export in pieces by `after`. */
export const CSV_MAX_ROWS = 100_000;

export async function getBroadcastProgress(db: Db, workspaceId: string, broadcastId: string, now = Date.now()) {
  const row = await findBroadcastById(db, workspaceId, broadcastId);
  if (!row) throw broadcastNotFound(broadcastId);
  const handled = row.sentCount + row.skippedCount + row.failedCount;
  const remaining = Math.max(0, row.recipientCount - handled);
  // ETA from the observed rate, never faster than the throttle allows.
  let etaMs: number | null = null;
  // While a staggered test runs, the rest wait for its decision: no rate says when that comes.
  const isTesting = row.abTest !== null && row.abDecision === null;
  if (row.status === "sending" && remaining > 0 && row.startedAt && handled > 0 && !isTesting) {
    const elapsed = Math.max(1, now - row.startedAt.getTime());
    let perMs = handled / elapsed;
    if (row.throttlePerHour) perMs = Math.min(perMs, row.throttlePerHour / HOUR_MS);
    etaMs = Math.round(remaining / perMs);
  }
  const goal = await findBroadcastGoal(db, row);
  const [funnel, skipReasons, byVariant, variants, test] = await Promise.all([
    countBroadcastFunnel(db, row.id),
    countSkipReasons(db, row.id),
    countBroadcastFunnelByVariant(db, row.id, goal),
    findBroadcastVariants(db, row.id),
    evaluateBroadcastTest(db, row),
  ]);
  const keys = new Map(variants.map((v) => [v.id, v.key]));
  return {
    status: row.status,
    recipients: row.recipientCount,
    sent: row.sentCount,
    skipped: row.skippedCount,
    failed: row.failedCount,
    remaining,
    etaMs,
    /** `converted` is null when the broadcast has no goal (the page says so rather than 0). */
    funnel: {
      sent: row.sentCount,
      ...funnel,
      converted: goal ? byVariant.reduce((sum, v) => sum + (v.converted ?? 0), 0) : null,
    },
    /** What `converted` counts: the goal event within the workspace's attribution window; null without a goal. */
    conversion: goal ? { event: goal.event, windowHours: goal.windowHours } : null,
    skipReasons,
    /** The funnel per variant and phase ("test", "winner" — the rest — or "main"); variant null: not yet decided. */
    variants: byVariant.map(({ variantId, ...counts }) => ({
      variantKey: variantId ? (keys.get(variantId) ?? null) : null,
      ...counts,
    })),
    /** Staggered A/B only: the test as it stands (as the journey split panel shows it) and its decision. */
    test: test
      ? {
          metric: test.metric,
          endsAt: row.abTestEndsAt,
          arms: test.arms.map((arm) => ({
            variantKey: keys.get(arm.arm) ?? arm.arm,
            trials: arm.trials,
            successes: arm.successes,
            rate: arm.rate,
            low: arm.low,
            high: arm.high,
            probabilityBest: arm.probabilityBest,
            isGuardrailOk: arm.isGuardrailOk,
          })),
          leaderKey: test.recommendation.evidence.leaderId
            ? (keys.get(test.recommendation.evidence.leaderId) ?? null)
            : null,
          pValue: test.recommendation.evidence.pValue,
          confidence: row.abTest?.confidence ?? null,
          verdict: test.recommendation.reason,
          decision: row.abDecision,
        }
      : null,
  };
}
export type BroadcastProgressView = Awaited<ReturnType<typeof getBroadcastProgress>>;

const isoOrNull = (value: string | null) => (value ? new Date(value).toISOString() : null);

function csvCell(value: string | null): string {
  const text = value ?? "";
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The recipients as CSV: contact, address, outcome, reason, the message's furthest status, variant,
 * phase, and when they converted (empty when they did not, or the broadcast has no goal).
 */
export async function exportBroadcastRecipientsCsv(db: Db, workspaceId: string, broadcastId: string): Promise<string> {
  const row = await findBroadcastById(db, workspaceId, broadcastId);
  if (!row) throw broadcastNotFound(broadcastId);
  const goal = await findBroadcastGoal(db, row);
  const lines = ["contact_id,email,state,reason,message_status,handled_at,variant,phase,converted_at"];
  let after: string | null = null;
  for (let total = 0; total < CSV_MAX_ROWS;) {
    const rows = await findRecipientReportRows(db, row.id, after, CSV_PAGE, goal);
    for (const r of rows) {
      lines.push(
        [
          r.contact_id,
          r.email,
          r.state,
          r.reason,
          r.message_status,
          isoOrNull(r.handled_at),
          r.variant_key,
          r.phase,
          isoOrNull(r.converted_at),
        ]
          .map(csvCell)
          .join(","),
      );
    }
    total += rows.length;
    if (rows.length < CSV_PAGE) break;
    after = rows[rows.length - 1]?.contact_id ?? null;
  }
  return `${lines.join("\n")}\n`;
}
