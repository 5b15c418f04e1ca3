// Journey sends coalesced into batches (issue 17): the `sendEmail` calls a worker runs at once
// (send-coalescer.ts) do their database work together, as a broadcast page does — one read for
// every send's context, consent and rendering per send, ONE `messages` insert (write-once under
// each send's `${runId}:${nodeId}` key: a retried attempt finds the first attempt's row and its
// tokens), and ONE hand-off transaction: the batch's queued rows locked (in key order), handed to
// the transport, marked sent with their events, and every send's run steps written
// (LEAN_SEND_PATCH / WORKER_LEAN_PATCH, the exit and the run's end with them). Each caller gets
// its own answer or its own error; the answers are those of a send handed off alone.
//
// Only the outbox is handed off in the batch: its batch call is local and repeatable. A remote
// provider's batch call (Resend's /emails/batch) answers a retry only under the same key and the
// same emails, and a send retried after a lost answer would land in another batch with another
// key — it could go out twice. Those sends are handed back to their callers, which hand each off
// alone under its own key, with its own provider slot (send-email.ts), exactly as before.
import { createHash } from "node:crypto";
import {
  insertNewMessages,
  lockMessages,
  markMessagesFailed,
  markMessagesSent,
  type SentMessage,
} from "@mailstream/db/queries/messages-batch";
import { insertMessageOnce, type Message } from "@mailstream/db/queries/messages-send";
import { isHandedOff } from "@mailstream/db/queries/message-status";
import { recordRunStepsOfMany, type RunStepsWrite } from "@mailstream/db/queries/runs";
import { findSendContexts } from "@mailstream/db/queries/send-context";
import { isSendReceipt, sendBatch, type BatchOutcome, type EmailTransport } from "@mailstream/emails/transports";
import { sqlStateOf } from "@mailstream/core/errors/is-unavailable";
import { retryAbortedTransaction } from "@mailstream/core/messages/retry-aborted";
import { toOutgoing } from "@mailstream/core/messages/outgoing-email";
import { takeSendSlot, type SendSlot } from "./provider-rate";
import { createCoalescer, type Coalescer, type Settled } from "./send-coalescer";
import { deletedOwnerFailure } from "./send-deleted-owner";
import type { SendEmailInput, SendEmailResult } from "./send-email";
import {
  PROVIDER_BUSY,
  sendStepsWrite,
  sendResult,
  sentOutcome,
  suppressedOutcome,
  type SendOutcome,
} from "./send-outcome";
import {
  isPermanentSendError,
  PERMANENT_SEND_ERROR,
  permanentFailure,
  prepareSend,
  sendIdempotencyKey,
  sendContextInput,
  type PreparedSend,
  type SendPrepareDeps,
} from "./send-prepare";

/** Sends per batch: a third of a page, so one batch's locks and statement stay short. */
export const MAX_SEND_BATCH = 50;

const FOREIGN_KEY_VIOLATION = "23503";

/** What a batch answers one send: its result, or its stored row for the caller to hand off alone. */
export type BatchAnswer = { result: SendEmailResult } | { handOff: { message: Message; transport: EmailTransport } };

export interface SendBatchDeps extends SendPrepareDeps {
  /** The email queue's provider rate (calls/s); the batch's one call takes one slot. */
  emailRatePerSecond?: number | undefined;
}

interface BatchItem {
  input: SendEmailInput;
  /** The send's provider slot (its email queue's rate; a local attempt's budget); null without a rate. */
  slot: SendSlot | null;
}

/**
 * A send decided before any hand-off: its outcome, or a row to hand off; `busy`: a local attempt
 * whose slot was not due soon (its row stays queued for the queued attempt).
 */
type Step =
  { outcome: SendOutcome } | { queued: Message; transport: EmailTransport } | { error: unknown } | { busy: true };

type HandedSend = { i: number; row: Message; transport: EmailTransport };

/** The hand-off is local and repeatable (see the head of this file). */
const isBatchHandOff = (transport: EmailTransport) => transport.name === "outbox";

/** `journey-sends:<digest of the message keys>`: a retried batch of the same rows carries the same key. */
function journeyBatchKey(messageKeys: readonly string[]): string {
  const digest = createHash("sha256")
    .update([...messageKeys].sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
  return `journey-sends:${digest}`;
}

/** The stored row as the insert wrote it (the batch holds its content; only the keys come back). */
function storedRow(row: Extract<PreparedSend, { row: unknown }>["row"]): Message {
  return {
    ...row,
    runId: row.runId ?? null,
    journeyId: row.journeyId ?? null,
    nodeId: row.nodeId ?? null,
    error: row.error ?? null,
    providerMessageId: null,
    sentAt: null,
  };
}

/** What a row's status, settled by an earlier attempt or another batch, means for its send. */
function settledStep(row: Pick<Message, "id" | "status" | "error">): Step | null {
  if (row.status === "suppressed") return { outcome: suppressedOutcome(row) };
  if (isHandedOff(row.status)) return { outcome: sentOutcome(row) };
  if (row.status === "failed") return { error: permanentFailure(row.error ?? `message ${row.id} failed earlier`) };
  return null;
}

export function createSendBatches(deps: SendBatchDeps) {
  const { db } = deps;
  const queues = new Map<string, Coalescer<BatchItem, BatchAnswer>>();

  /** Writes every send's row once; a send whose run (or template…) went meanwhile fails alone. */
  async function storeRows(prepared: Map<number, Extract<PreparedSend, { row: unknown }>>, items: BatchItem[]) {
    const stored = new Map<number, { message: Message } | { error: unknown }>();
    const entries = [...prepared.entries()];
    if (entries.length === 0) return stored;
    let written: Awaited<ReturnType<typeof insertNewMessages>>;
    try {
      written = await insertNewMessages(
        db,
        entries.map(([, send]) => send.row),
      );
    } catch (error) {
      if (sqlStateOf(error) !== FOREIGN_KEY_VIOLATION) throw error;
      // One row refers to something deleted: the statement wrote nothing, so each row goes alone.
      await Promise.all(
        entries.map(async ([i, send]) => {
          const input = (items[i] as BatchItem).input;
          try {
            stored.set(i, { message: await insertMessageOnce(db, send.row) });
          } catch (caught) {
            stored.set(i, { error: deletedOwnerFailure(caught, input, PERMANENT_SEND_ERROR) ?? caught });
          }
        }),
      );
      return stored;
    }
    for (const [i, send] of entries) {
      const key = send.row.idempotencyKey;
      const row = written.inserted.has(key) ? storedRow(send.row) : written.existing.get(key);
      stored.set(
        i,
        row ? { message: row } : { error: new Error(`message with idempotency key ${key} vanished after a conflict`) },
      );
    }
    return stored;
  }

  /**
   * The batch's hand-off and its steps in ONE transaction: the queued rows locked, handed to the
   * transport (one call per transport), marked sent or failed, and every decided send's steps.
   * A concurrent attempt at one of these rows waits on its lock, then finds it sent.
   */
  async function handOff(
    items: BatchItem[],
    steps: Step[],
    stepsOf: (i: number, outcome: SendOutcome) => RunStepsWrite | null,
  ): Promise<Set<string>> {
    const queued = steps.flatMap((step, i) =>
      "queued" in step ? [{ i, row: step.queued, transport: step.transport }] : [],
    );
    const handed = queued.length > 0 ? await withSlots(items, queued, steps) : [];
    const writesOf = () =>
      steps.flatMap((step, i) => {
        const write = "outcome" in step ? stepsOf(i, step.outcome) : null;
        return write ? [write] : [];
      });
    if (handed.length === 0) {
      const writes = writesOf();
      return writes.length > 0 ? recordRunStepsOfMany(db, writes) : new Set();
    }
    // What the transport answered, by row id, kept across attempts: a transaction that Postgres
    // aborts (retry-aborted.ts) is run again without handing the same emails over a second time.
    const receipts = new Map<string, BatchOutcome>();
    return retryAbortedTransaction(() => {
      for (const send of handed) steps[send.i] = { queued: send.row, transport: send.transport };
      return handOffOnce(handed, steps, writesOf, receipts);
    });
  }

  /**
   * Takes the batch's provider slots (one per transport: one call each) before any lock, so no
   * connection is held while a slot is awaited; returns the sends that may go. With local
   * attempts aboard the slots are taken only if due within their budget; refused, the local
   * attempts answer busy and the queued sends left take theirs, however far off.
   */
  async function withSlots(items: BatchItem[], handed: HandedSend[], steps: Step[]): Promise<HandedSend[]> {
    const slotOf = (send: HandedSend) => (items[send.i] as BatchItem).slot;
    const taskQueue = slotOf(handed[0] as HandedSend)?.taskQueue;
    if (taskQueue === undefined) return handed;
    const take = async (sends: HandedSend[], maxWaitMs?: number) => {
      const calls = new Set(sends.map((send) => send.transport)).size;
      for (let n = 0; n < calls; n++) {
        if (!(await takeSendSlot(db, { taskQueue, maxWaitMs }, deps.emailRatePerSecond))) return false;
      }
      return true;
    };
    const local = handed.filter((send) => slotOf(send)?.maxWaitMs !== undefined);
    if (local.length > 0) {
      const budget = Math.min(...local.map((send) => slotOf(send)?.maxWaitMs ?? 0));
      if (await take(handed, budget)) return handed;
      for (const send of local) steps[send.i] = { busy: true };
    }
    const rest = handed.filter((send) => !local.includes(send));
    if (rest.length > 0) await take(rest);
    return rest;
  }

  /** One attempt at the batch's hand-off transaction (handOff runs it again if Postgres aborts it). */
  function handOffOnce(
    handed: HandedSend[],
    steps: Step[],
    writesOf: () => RunStepsWrite[],
    receipts: Map<string, BatchOutcome>,
  ): Promise<Set<string>> {
    return db.transaction(async (tx) => {
      const current = await lockMessages(
        tx,
        handed.map((send) => send.row.id),
      );
      const toSend = new Map<EmailTransport, typeof handed>();
      for (const send of handed) {
        const now = current.get(send.row.id);
        // Deleted since (an erased contact): as a send alone, an error the retry policy sees.
        const settled = now
          ? settledStep({ id: send.row.id, ...now })
          : { error: new Error(`message ${send.row.id} not found`) };
        if (settled) steps[send.i] = settled;
        else toSend.set(send.transport, [...(toSend.get(send.transport) ?? []), send]);
      }
      const sent: SentMessage[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const [transport, sends] of toSend) {
        const unanswered = sends.filter((send) => !receipts.has(send.row.id));
        if (unanswered.length > 0) {
          const answers = await sendBatch(
            transport,
            unanswered.map((send) => toOutgoing(send.row)),
            journeyBatchKey(unanswered.map((send) => send.row.idempotencyKey)),
          );
          unanswered.forEach((send, n) => {
            const answer = answers[n];
            if (answer) receipts.set(send.row.id, answer);
          });
        }
        for (const send of sends) {
          const outcome = receipts.get(send.row.id);
          if (outcome && isSendReceipt(outcome)) {
            sent.push({ id: send.row.id, workspaceId: send.row.workspaceId, ...outcome });
            steps[send.i] = { outcome: sentOutcome(send.row) };
          } else if (outcome && isPermanentSendError(outcome.error)) {
            failed.push({ id: send.row.id, error: outcome.error.message });
            steps[send.i] = { error: permanentFailure(outcome.error.message) };
          } else {
            // Transient: the row stays queued for this send's retry; no step is written.
            steps[send.i] = { error: outcome?.error ?? new Error("the transport answered no outcome") };
          }
        }
      }
      // Sent together: the pool's clients pipeline (client.ts), so the three statements are one
      // round trip; the rollup rows their triggers lock are held until the COMMIT right after, which
      // bumps the journey rollups of every step and run end, sorted, in one statement (0041).
      const writes = writesOf();
      const [, , present] = await Promise.all([
        markMessagesSent(tx, sent),
        markMessagesFailed(tx, failed),
        writes.length > 0 ? recordRunStepsOfMany(tx, writes) : new Set<string>(),
      ]);
      return present;
    });
  }

  async function flush(items: BatchItem[]): Promise<Settled<BatchAnswer>[]> {
    const inputs = items.map((item) => item.input);
    const contexts = await findSendContexts(db, inputs.map(sendContextInput));
    const steps: Step[] = inputs.map(() => ({ error: new Error("not prepared") }));
    const prepared = new Map<number, Extract<PreparedSend, { row: unknown }>>();
    await Promise.all(
      inputs.map(async (input, i) => {
        try {
          const send = await prepareSend(deps, input, contexts[i] as (typeof contexts)[number]);
          if ("outcome" in send) steps[i] = send;
          else prepared.set(i, send);
        } catch (error) {
          steps[i] = { error };
        }
      }),
    );
    const answers = new Map<number, Settled<BatchAnswer>>();
    /** Queued rows for a local transport (the outbox), handed off in the batch. */
    const local: { i: number; message: Message; transport: EmailTransport }[] = [];
    // The sends whose answer depends on the hand-off transaction committing.
    const inTransaction = new Set<number>();
    for (const [i, written] of await storeRows(prepared, items)) {
      const send = prepared.get(i);
      if ("error" in written || !send) {
        steps[i] = { error: "error" in written ? written.error : new Error("not stored") };
        continue;
      }
      const stored = written.message;
      const settled = settledStep(stored);
      if (settled) steps[i] = settled;
      else if (isBatchHandOff(send.transport)) local.push({ i, message: stored, transport: send.transport });
      // A remote provider: the caller hands it off alone, under its own key.
      else answers.set(i, { value: { handOff: { message: stored, transport: send.transport } } });
    }
    // One row to hand off costs less alone: the per-send hand-off is one prepared lock and one
    // last statement pipelined with its COMMIT (a lone send measured 6.5 ms of CPU that way, 8.0
    // through the batch statements, which Postgres plans on every call).
    for (const { i, message, transport } of local) {
      if (local.length === 1) answers.set(i, { value: { handOff: { message, transport } } });
      else {
        steps[i] = { queued: message, transport };
        inTransaction.add(i);
      }
    }
    const at = new Date(deps.clock ? await deps.clock() : Date.now());
    const writesByIndex = new Map<number, RunStepsWrite>();
    const stepsOf = (i: number, outcome: SendOutcome) => {
      const write = sendStepsWrite(inputs[i] as SendEmailInput, outcome, at);
      if (write) {
        writesByIndex.set(i, write);
        inTransaction.add(i);
      }
      return write;
    };
    // A failed transaction fails the sends it carried (the retry policy retries them); the rest stand.
    const present = await handOff(items, steps, stepsOf).then(
      (runIds) => ({ runIds }),
      (error: unknown) => ({ error }),
    );
    return steps.map((step, i): Settled<BatchAnswer> => {
      const answer = answers.get(i);
      if (answer) return answer;
      // Handed nothing over (its slot was refused before the transaction): its transaction's fate is not its own.
      if ("busy" in step) return { value: { result: PROVIDER_BUSY } };
      if ("error" in present && inTransaction.has(i)) return { error: present.error };
      if ("error" in step) return { error: step.error };
      if (!("outcome" in step)) return { error: new Error("a queued send was not handed off") };
      if ("error" in present) return { error: present.error };
      const input = inputs[i] as SendEmailInput;
      const isRunPresent = writesByIndex.has(i) ? present.runIds.has(input.runId) : undefined;
      return { value: { result: sendResult(input, step.outcome, isRunPresent) } };
    });
  }

  return {
    /** The send's answer from the batch it joins (one batch queue per task queue). */
    submit(input: SendEmailInput, slot: SendSlot | null): Promise<BatchAnswer> {
      // By email queue: a local attempt joins the queued sends of its queue (same rate, same batches).
      const queueKey = slot?.taskQueue ?? "";
      let queue = queues.get(queueKey);
      if (!queue) {
        queue = createCoalescer<BatchItem, BatchAnswer>({
          maxSize: MAX_SEND_BATCH,
          keyOf: (item) => sendIdempotencyKey(item.input),
          flush,
        });
        queues.set(queueKey, queue);
      }
      return queue.submit({ input, slot });
    },
  };
}
