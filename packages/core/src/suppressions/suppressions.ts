// Suppression list use cases for Settings: list (search + paging), add a manual entry with a
// note, remove one. Lifting a hard bounce or a complaint needs an explicit confirmation —
// mailing such an address again is what gets a sending domain blocked — and every manual
// change is kept in `suppression_log`.
import type { Db } from "@mailstream/db/client";
import {
  deleteSuppressionLogged,
  findSuppression,
  findSuppressionLog,
  findSuppressionsPage,
  insertManualSuppression,
  type SuppressionReason,
  type SuppressionRow,
} from "@mailstream/db/queries/suppressions";
import type { AuditContext } from "../audit/audit-context";
import { addressRef } from "../audit/address-ref";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";

export const SUPPRESSION_PAGE_SIZE = 25;
const RISKY_REASONS: ReadonlySet<SuppressionReason> = new Set(["bounced", "complained"]);
const REASON_LABELS: Record<SuppressionReason, string> = {
  unsubscribed: "unsubscribed",
  bounced: "hard-bounced",
  complained: "marked an email as spam",
  manual: "was added by hand",
};

export type SuppressionEntry = { email: string; reason: SuppressionReason; note: string | null; createdAt: Date };

function toEntry(row: SuppressionRow): SuppressionEntry {
  return { email: row.email, reason: row.reason, note: row.note, createdAt: row.createdAt };
}

/** What is wrong with an address, in words, or null when it can be mailed. */
export function explainAddressProblem(input: string): string | null {
  const email = input.trim();
  if (email === "") return "Enter an email address.";
  if (email.length > 320) return "An email address has at most 320 characters.";
  if (/\s/.test(email)) return `"${email}" contains a space.`;
  if (/[<>]/.test(email)) return `"${email}" has angle brackets: enter only the address, e.g. name@example.com.`;
  const at = email.lastIndexOf("@");
  if (at === -1) return `"${email}" has no @.`;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local === "") return `"${email}" has nothing before the @.`;
  if (local.includes("@")) return `"${email}" has more than one @.`;
  if (domain === "") return `"${email}" has no domain after the @.`;
  if (!domain.includes(".") || domain.startsWith(".") || domain.endsWith(".") || domain.includes("..")) {
    return `"${email}" has no valid domain after the @ (expected something like example.com).`;
  }
  return null;
}

export async function listSuppressions(
  db: Db,
  workspaceId: string,
  input: { search?: string | undefined; page: number },
) {
  const { rows, total } = await findSuppressionsPage(db, {
    workspaceId,
    search: input.search,
    limit: SUPPRESSION_PAGE_SIZE,
    offset: (input.page - 1) * SUPPRESSION_PAGE_SIZE,
  });
  const log = await findSuppressionLog(db, workspaceId, 10);
  return {
    entries: rows.map(toEntry),
    total,
    page: input.page,
    pageSize: SUPPRESSION_PAGE_SIZE,
    recentChanges: log.map((row) => ({
      id: row.id,
      email: row.email,
      action: row.action,
      reason: row.reason,
      note: row.note,
      at: row.at,
    })),
  };
}

export async function addSuppression(
  db: Db,
  workspaceId: string,
  input: { email: string; note: string },
  audit?: AuditContext | null,
): Promise<SuppressionEntry> {
  const problem = explainAddressProblem(input.email);
  if (problem) throw new AppError(AppErrorCode.INVALID_INPUT, problem);
  const { inserted, existing } = await db.transaction(async (tx) => {
    const result = await insertManualSuppression(tx, {
      workspaceId,
      email: input.email,
      note: input.note.trim() || null,
    });
    if (result.inserted) {
      await recordAudit(tx, {
        context: audit,
        action: "suppression.add",
        target: { type: "suppression", ...addressRef(result.inserted.email) },
        changes: { fields: ["reason", "note"], after: { reason: "manual" } },
      });
    }
    return result;
  });
  if (inserted) return toEntry(inserted);
  const reason = existing ? REASON_LABELS[existing.reason] : "is listed";
  throw new AppError(
    AppErrorCode.CONFLICT,
    `${input.email.trim().toLowerCase()} is already suppressed (it ${reason}).`,
  );
}

export async function removeSuppressionEntry(
  db: Db,
  workspaceId: string,
  input: { email: string; note: string; confirmDeliverabilityRisk: boolean },
  audit?: AuditContext | null,
): Promise<{ removed: SuppressionEntry }> {
  const email = input.email.trim().toLowerCase();
  const current = await findSuppression(db, workspaceId, email);
  if (!current) throw new AppError(AppErrorCode.NOT_FOUND, `${email} is not on the suppression list.`);
  if (RISKY_REASONS.has(current.reason) && !input.confirmDeliverabilityRisk) {
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `${email} ${REASON_LABELS[current.reason]}; mailing it again can hurt your sender reputation. Confirm to remove it anyway.`,
    );
  }
  const removed = await db.transaction(async (tx) => {
    const row = await deleteSuppressionLogged(tx, { workspaceId, email, note: input.note.trim() || null });
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, `${email} is not on the suppression list.`);
    // The lifted reason is kept: lifting a bounce is a deliverability decision someone owns.
    await recordAudit(tx, {
      context: audit,
      action: "suppression.remove",
      target: { type: "suppression", ...addressRef(row.email) },
      changes: { fields: ["reason"], before: { reason: row.reason } },
    });
    return row;
  });
  return { removed: toEntry(removed) };
}

/**
 * Why a test send to `to` is refused, or null. Test sends skip topics and a plain unsubscribe
 * (the author asked for the email, as with transactional sends) but never go to an address
 * that bounced, complained or was suppressed by hand.
 */
export async function findTestSendSuppression(db: Db, workspaceId: string, to: string): Promise<string | null> {
  const row = await findSuppression(db, workspaceId, to);
  if (!row || row.reason === "unsubscribed") return null;
  return `${row.email} is suppressed (${row.reason}${row.note ? `: ${row.note}` : ""}); remove it in Settings → Suppressions to send to it.`;
}
