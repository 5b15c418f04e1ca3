// The email queue's provider rate for broadcast pages. Temporal's task-queue limit counts
// activity tasks, and a page is one task carrying up to 100 emails, so pages take their slots
// from a limit shared in Postgres instead (send_rate_limits): every call a page makes to the
// provider — one batch call (Resend's batch endpoint, the outbox), or one send per email for a
// transport without batches (SMTP) — first reserves the next slot of the queue's rate, across
// every worker, and waits for it. Two workers sending pages at once share one rate.
import { Context } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import { reserveSendSlots } from "@mailstream/db/queries/send-rate-limits";
import type { EmailTransport } from "@mailstream/emails/transports";

/** Longest single sleep between heartbeats while waiting for a slot. */
const HEARTBEAT_EVERY_MS = 5_000;

export function providerRateKey(taskQueue: string): string {
  return `email-queue:${taskQueue}`;
}

async function waitUntil(at: number): Promise<void> {
  for (let wait = at - Date.now(); wait > 0; wait = at - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, HEARTBEAT_EVERY_MS)));
    Context.current().heartbeat({ waitingForSlot: at });
  }
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
  const intervalMs = 1_000 / ratePerSecond;
  const takeSlot = async () => waitUntil(await reserveSendSlots(db, key, 1, intervalMs));
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
