// A broadcast page's writes, after its renders: one transaction whose last statement — the
// page's messages, its recipients' outcomes and the broadcast's counters, and for the outbox
// the hand-off too — goes out with the COMMIT (messages-batch-commit.ts).
//
// The outbox hands off in place: its hand-off is no I/O at all (the stored row IS the outbox;
// outbox.ts only validates the email and derives its provider id from the idempotency key), so
// the page's rows are stored already `sent`, with their events, in the statement that inserts
// them — no queued rows to lock, update and mark in a second transaction. Either the whole page
// commits, handed off and counted, or nothing of it does and the retried page starts afresh.
// Every other transport (Resend, SMTP) stores the rows `queued` and hands them off afterwards
// (broadcast-handoff.ts), since its call can fail or time out after the rows are written.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@mailstream/db/client";
import type { BroadcastRow } from "@mailstream/db/queries/broadcasts";
import { recipientOutcomesCtes, type RecipientOutcome } from "@mailstream/db/queries/broadcast-recipients";
import {
  pageMessagesCte,
  sentEventsCtes,
  type PageMessage,
  type SentMessage,
} from "@mailstream/db/queries/messages-batch";
import { commitWithLast } from "@mailstream/db/queries/messages-batch-commit";
import {
  isSendReceipt,
  PermanentSendError,
  sendBatch,
  type BatchOutcome,
  type EmailTransport,
} from "@mailstream/emails/transports";
import { broadcastBatchKey } from "./broadcast-handoff";
import { toOutgoing } from "@mailstream/core/messages/outgoing-email";
import { capDeferral, findCapSlotsAt, lockContactsForSend } from "./send-limits";

/** Whether the transport's hand-off is the stored row itself (the outbox), so rows can be stored handed off. */
export function handsOffInPlace(transport: EmailTransport): boolean {
  return transport.name === "outbox";
}

export interface StoredPage {
  /** The page's rows this call wrote, as written (another attempt's rows are not among them). */
  written: PageMessage[];
  /** The keys of rows another attempt had already written: their hand-off settles them. */
  conflicts: string[];
  /** Every outcome this call recorded: the decided ones and those of rows stored handed off. */
  recorded: RecipientOutcome[];
}

/**
 * Stores the page: the frequency cap counted under the contacts' send locks (as journeys take
 * them), the messages in one insert, every decided outcome (skips and deferrals) — and with
 * `inPlace`, the rows handed off, their events and outcomes — in one transaction.
 */
export async function storePage(input: {
  db: Db;
  broadcast: Pick<BroadcastRow, "id" | "frequencyCap">;
  page: number | null;
  rows: readonly PageMessage[];
  /** Outcomes decided before the insert (skips, deferrals); the cap's deferrals are added to it. */
  decided: RecipientOutcome[];
  transport: EmailTransport;
}): Promise<StoredPage> {
  const { broadcast, page } = input;
  // A retried page whose rows were all written before: nothing to store, no transaction.
  if (input.rows.length === 0 && input.decided.length === 0) return { written: [], conflicts: [], recorded: [] };
  const inPlace = handsOffInPlace(input.transport);
  let stored: { rows: PageMessage[]; outcomes: RecipientOutcome[] } = { rows: [], outcomes: [] };
  const written = await commitWithLast<{ id: string }>(input.db, async (tx) => {
    let insertable = [...input.rows];
    const cap = broadcast.frequencyCap;
    if (cap) {
      const capped = insertable.filter((row) => row.status === "queued").map((row) => row.contactId);
      await lockContactsForSend(tx, capped);
      const slots = await findCapSlotsAt(tx, capped, cap, Date.now());
      insertable = insertable.filter((row) => {
        const slotAt = slots.get(row.contactId);
        if (slotAt === undefined || row.status !== "queued") return true;
        const deferred = capDeferral(slotAt, cap);
        input.decided.push({
          contactId: row.contactId,
          state: "deferred",
          reason: deferred.reason,
          retryAt: new Date(deferred.until),
        });
        return false;
      });
    }
    const sentAt = new Date();
    // No I/O for the outbox (it validates and names each email): handed off inside the transaction.
    const settled = inPlace
      ? settleInPlace(insertable, await receiptsByKey(input.transport, broadcast.id, page, insertable), sentAt)
      : { rows: insertable, outcomes: [], sent: [] };
    stored = settled;
    const scope = { broadcastId: broadcast.id, page };
    const outcomes = [...input.decided, ...settled.outcomes];
    if (settled.rows.length === 0) {
      const ctes = recipientOutcomesCtes(scope, outcomes);
      return ctes ? sql`WITH ${ctes} SELECT NULL::uuid AS id WHERE false` : null;
    }
    const ctes = [
      pageMessagesCte(settled.rows),
      settled.sent.length > 0 ? sentEventsCtes(settled.sent, sentAt, "page_messages") : null,
      recipientOutcomesCtes(scope, outcomes, { onlyMessagesIn: "page_messages" }),
    ].filter((cte): cte is SQL => cte !== null);
    return sql`WITH ${sql.join(ctes, sql`, `)} SELECT id FROM page_messages`;
  });
  const ids = new Set(written.map((row) => row.id));
  return {
    written: stored.rows.filter((row) => ids.has(row.id)),
    conflicts: stored.rows.filter((row) => !ids.has(row.id)).map((row) => row.idempotencyKey),
    recorded: [
      ...input.decided,
      ...stored.outcomes.filter((outcome) => !outcome.messageId || ids.has(outcome.messageId)),
    ],
  };
}

async function receiptsByKey(
  transport: EmailTransport,
  broadcastId: string,
  page: number | null,
  rows: readonly PageMessage[],
): Promise<Map<string, BatchOutcome>> {
  const queued = rows.filter((row) => row.status === "queued");
  if (queued.length === 0) return new Map();
  const key = broadcastBatchKey(
    broadcastId,
    page,
    queued.map((row) => row.idempotencyKey),
  );
  const results = await sendBatch(transport, queued.map(toOutgoing), key);
  return new Map(queued.map((row, i) => [row.idempotencyKey, results[i] as BatchOutcome]));
}

/**
 * The rows as stored handed off, and their outcomes: `sent` with the receipt's provider id, or
 * `failed` for an email the transport refused for good; a suppressed row is the recipient's skip.
 * A row whose hand-off may succeed on a retry stays `queued`, without an outcome, for the hand-off.
 */
function settleInPlace(
  rows: readonly PageMessage[],
  receipts: ReadonlyMap<string, BatchOutcome>,
  sentAt: Date,
): { rows: PageMessage[]; outcomes: RecipientOutcome[]; sent: SentMessage[] } {
  const outcomes: RecipientOutcome[] = [];
  const sent: SentMessage[] = [];
  const settled = rows.map((row): PageMessage => {
    const base = { contactId: row.contactId, messageId: row.id };
    if (row.status === "suppressed") {
      outcomes.push({ ...base, state: "skipped", reason: row.error ?? null });
      return row;
    }
    const receipt = receipts.get(row.idempotencyKey);
    if (!receipt) return row;
    if (isSendReceipt(receipt)) {
      sent.push({ id: row.id, workspaceId: row.workspaceId, ...receipt });
      outcomes.push({ ...base, state: "sent" });
      return { ...row, status: "sent", providerMessageId: receipt.providerMessageId, sentAt };
    }
    if (receipt.error instanceof PermanentSendError) {
      outcomes.push({ ...base, state: "failed", reason: receipt.error.message });
      return { ...row, status: "failed", error: receipt.error.message };
    }
    return row;
  });
  return { rows: settled, outcomes, sent };
}
