// What the broadcast page shows while and after it sends: progress (sent / remaining / ETA,
// from the counters the page activity bumps), the funnel from its messages' events, the most
// common skip reasons, and the per-recipient CSV.
import type { Db } from "@mailstream/db/client";
import { findBroadcastById } from "@mailstream/db/queries/broadcasts";
import {
  countBroadcastFunnel,
  countSkipReasons,
  findRecipientReportRows,
} from "@mailstream/db/queries/broadcast-recipients";
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
  if (row.status === "sending" && remaining > 0 && row.startedAt && handled > 0) {
    const elapsed = Math.max(1, now - row.startedAt.getTime());
    let perMs = handled / elapsed;
    if (row.throttlePerHour) perMs = Math.min(perMs, row.throttlePerHour / HOUR_MS);
    etaMs = Math.round(remaining / perMs);
  }
  const [funnel, skipReasons] = await Promise.all([countBroadcastFunnel(db, row.id), countSkipReasons(db, row.id)]);
  return {
    status: row.status,
    recipients: row.recipientCount,
    sent: row.sentCount,
    skipped: row.skippedCount,
    failed: row.failedCount,
    remaining,
    etaMs,
    funnel: { sent: row.sentCount, ...funnel },
    skipReasons,
  };
}
export type BroadcastProgressView = Awaited<ReturnType<typeof getBroadcastProgress>>;

function csvCell(value: string | null): string {
  const text = value ?? "";
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The recipients as CSV: contact, address, outcome, reason, the message's furthest status. */
export async function exportBroadcastRecipientsCsv(db: Db, workspaceId: string, broadcastId: string): Promise<string> {
  const row = await findBroadcastById(db, workspaceId, broadcastId);
  if (!row) throw broadcastNotFound(broadcastId);
  const lines = ["contact_id,email,state,reason,message_status,handled_at"];
  let after: string | null = null;
  for (let total = 0; total < CSV_MAX_ROWS;) {
    const rows = await findRecipientReportRows(db, row.id, after, CSV_PAGE);
    for (const r of rows) {
      lines.push(
        [
          r.contact_id,
          r.email,
          r.state,
          r.reason,
          r.message_status,
          r.handled_at ? new Date(r.handled_at).toISOString() : null,
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
