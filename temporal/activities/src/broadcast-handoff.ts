// A broadcast page's hand-off: its queued messages go to the transport as one batch (Resend's
// batch endpoint; the outbox and SMTP through their batch methods), and their bookkeeping —
// messages sent or failed, their events, the recipients' outcomes and the counters — commits in
// one transaction, whose last statement writes all of it and goes out with the COMMIT (the
// shared rollup and counters rows are locked for that statement only: messages-batch-commit.ts).
// The rows stay locked across the call, so a second attempt at the same page waits, then finds
// them sent. The batch key is derived from the broadcast, the page and the messages in it: a
// retried page hands over the same stored rows under the same key, so Resend answers the first
// call's ids instead of sending again.
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@mailstream/db/client";
import { recipientOutcomesCtes, type RecipientOutcome } from "@mailstream/db/queries/broadcast-recipients";
import {
  failedMarksCte,
  lockMessages,
  sentMarksCtes,
  type FailedMessage,
  type SentMessage,
} from "@mailstream/db/queries/messages-batch";
import { commitWithLast } from "@mailstream/db/queries/messages-batch-commit";
import { isHandedOff } from "@mailstream/db/queries/message-status";
import type { Message } from "@mailstream/db/queries/messages-send";
import { toOutgoing } from "@mailstream/core/messages/outgoing-email";
import { isSendReceipt, PermanentSendError, sendBatch, type EmailTransport } from "@mailstream/emails/transports";

/** What the hand-off needs of a stored message: its content is immutable once written, its status is not. */
export type HandOffMessage = Pick<
  Message,
  | "id"
  | "workspaceId"
  | "contactId"
  | "idempotencyKey"
  | "fromAddress"
  | "toAddress"
  | "subject"
  | "html"
  | "text"
  | "headers"
>;

export interface HandOffResult {
  outcomes: RecipientOutcome[];
  /** An error a retry may cure (429, 5xx, a refused connection): those messages stay queued. */
  retryable: Error | null;
}

/** `broadcast:<id>:page:<n>:<digest of the message keys>`; `deferred` for the deferred pass. */
export function broadcastBatchKey(broadcastId: string, page: number | null, messageKeys: readonly string[]): string {
  const digest = createHash("sha256")
    .update([...messageKeys].sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
  return `broadcast:${broadcastId}:page:${page ?? "deferred"}:${digest}`;
}

/** What a row already settled by an earlier attempt means for its recipient. */
function settledOutcome(
  row: HandOffMessage,
  current: { status: Message["status"]; error: string | null },
): RecipientOutcome | null {
  const contactId = row.contactId as string;
  if (isHandedOff(current.status)) return { contactId, state: "sent", messageId: row.id };
  if (current.status === "suppressed") return { contactId, state: "skipped", messageId: row.id, reason: current.error };
  if (current.status === "failed") {
    return { contactId, state: "failed", messageId: row.id, reason: current.error ?? "failed earlier" };
  }
  return null;
}

export async function handOffPage(input: {
  db: Db;
  broadcastId: string;
  page: number | null;
  /** The page's stored messages (their content as written; the lock reads their status). */
  messages: readonly HandOffMessage[];
  transport: EmailTransport;
  /** Recipient outcomes decided before the hand-off (skips, deferrals), written in the same transaction. */
  decided?: readonly RecipientOutcome[];
}): Promise<HandOffResult> {
  let handedOff: HandOffResult = { outcomes: [], retryable: null };
  // Nothing to hand off or record (the outbox's pages, stored handed off): no transaction at all.
  if (input.messages.length === 0 && !input.decided?.length) return handedOff;
  await commitWithLast(input.db, async (tx) => {
    const statuses = await lockMessages(
      tx,
      input.messages.map((row) => row.id),
    );
    const outcomes: RecipientOutcome[] = [...(input.decided ?? [])];
    const queued: HandOffMessage[] = [];
    for (const row of [...input.messages].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1))) {
      const current = statuses.get(row.id);
      if (!current) continue; // deleted since (an erased contact)
      const settled = settledOutcome(row, current);
      if (settled) outcomes.push(settled);
      else queued.push(row);
    }
    let retryable: Error | null = null;
    const sent: SentMessage[] = [];
    const failed: FailedMessage[] = [];
    if (queued.length > 0) {
      const key = broadcastBatchKey(
        input.broadcastId,
        input.page,
        queued.map((row) => row.idempotencyKey),
      );
      const results = await sendBatch(input.transport, queued.map(toOutgoing), key);
      results.forEach((result, i) => {
        const row = queued[i] as HandOffMessage;
        const contactId = row.contactId as string;
        if (isSendReceipt(result)) {
          sent.push({ id: row.id, workspaceId: row.workspaceId, ...result });
          outcomes.push({ contactId, state: "sent", messageId: row.id });
        } else if (result.error instanceof PermanentSendError) {
          failed.push({ id: row.id, error: result.error.message });
          outcomes.push({ contactId, state: "failed", messageId: row.id, reason: result.error.message });
        } else retryable ??= result.error;
      });
    }
    handedOff = { outcomes, retryable };
    const ctes = [
      sent.length > 0 ? sentMarksCtes(sent, new Date()) : null,
      failed.length > 0 ? failedMarksCte(failed) : null,
      recipientOutcomesCtes({ broadcastId: input.broadcastId, page: input.page }, outcomes),
    ].filter((cte): cte is SQL => cte !== null);
    return ctes.length > 0 ? sql`WITH ${sql.join(ctes, sql`, `)} SELECT 1` : null;
  });
  return handedOff;
}
