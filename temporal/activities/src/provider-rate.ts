// The email queue's provider rate, shared by every worker through Postgres (send_rate_limits):
// each call to the provider first reserves the next slot of the queue's rate and waits for it.
// Journey sends (send-email.ts: one call per email) and broadcast pages (one batch call per
// page, or one send per email for a transport without batches: SMTP) reserve from the same key,
// so a broadcast and journeys sending at once stay within the provider's limit together — which
// Temporal's task-queue limit alone cannot do: it counts activity tasks, and a page is one task
// carrying up to 100 emails. A reservation is one upsert (reserveSendSlots).
import { Context } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import { reserveSendSlots } from "@mailstream/db/queries/send-rate-limits";
import type { EmailTransport } from "@mailstream/emails/transports";

/** Longest single sleep between heartbeats while waiting for a slot. */
const HEARTBEAT_EVERY_MS = 5_000;

export function providerRateKey(taskQueue: string): string {
  return `email-queue:${taskQueue}`;
}

/** Where a send takes its provider slot: its email queue's rate, and how long it may wait (absent: as long as it takes). */
export interface SendSlot {
  taskQueue: string;
  maxWaitMs?: number | undefined;
}

async function waitUntil(at: number): Promise<void> {
  for (let wait = at - Date.now(); wait > 0; wait = at - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, HEARTBEAT_EVERY_MS)));
    // A local activity (the send's local attempt) cannot heartbeat: the SDK warns on every try.
    if (!Context.current().info.isLocal) Context.current().heartbeat({ waitingForSlot: at });
  }
}

/**
 * Reserves the next provider slot on `key` at `ratePerSecond` calls per second and waits for it
 * (heartbeating); no rate: returns at once. With `maxWaitMs` it takes the slot only if it is due
 * within that long, else takes none and answers false (a local attempt, which holds its workflow
 * task while it waits: send-email.ts).
 */
export async function takeProviderSlot(
  db: Db,
  key: string,
  ratePerSecond: number | undefined,
  maxWaitMs?: number,
): Promise<boolean> {
  if (!ratePerSecond || !(ratePerSecond > 0)) return true;
  const intervalMs = 1_000 / ratePerSecond;
  const at =
    maxWaitMs === undefined
      ? await reserveSendSlots(db, key, 1, intervalMs)
      : await reserveSendSlots(db, key, 1, intervalMs, maxWaitMs);
  if (at === null) return false;
  await waitUntil(at);
  return true;
}

/**
 * `transport` with each provider call paced to `ratePerSecond` calls per second on `key`
 * (shared by every worker); no rate: the transport as it is.
 */
export function paceTransport(
  db: Db,
  transport: EmailTransport,
  key: string,
  ratePerSecond: number | undefined,
): EmailTransport {
  if (!ratePerSecond || !(ratePerSecond > 0)) return transport;
  const takeSlot = () => takeProviderSlot(db, key, ratePerSecond);
  const paced: EmailTransport = {
    name: transport.name,
    async send(email) {
      await takeSlot();
      return transport.send(email);
    },
  };
  if (transport.sendBatch) {
    const sendBatch = transport.sendBatch.bind(transport);
    paced.sendBatch = async (emails, batchKey) => {
      await takeSlot();
      return sendBatch(emails, batchKey);
    };
  }
  return paced;
}

/** Takes a send's slot (`null`: no rate, nothing to take); false when refused within its `maxWaitMs`. */
export function takeSendSlot(db: Db, slot: SendSlot | null, ratePerSecond: number | undefined): Promise<boolean> {
  if (slot === null) return Promise.resolve(true);
  return takeProviderSlot(db, providerRateKey(slot.taskQueue), ratePerSecond, slot.maxWaitMs);
}
