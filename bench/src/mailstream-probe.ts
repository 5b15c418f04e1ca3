// Driving Mailstream for the latency bench: track events at a steady open-loop rate (a slow
// response does not delay the next send), then each contact's first `messages.sent_at`.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchTarget, SentTimes } from "./target";

export interface SendResult {
  userId: string;
  /** performance.now() when the request was issued (for the rate held). */
  issuedAt: number;
  /** Epoch ms (fractional) when the 200 arrived; null when the event was not accepted. */
  acceptedAt: number | null;
  ingestMs: number;
  failure?: string;
}

const epochNow = () => performance.timeOrigin + performance.now();

async function sendOne(target: BenchTarget, userId: string): Promise<SendResult> {
  const issuedAt = performance.now();
  try {
    const res = await fetch(target.trackUrl, {
      method: "POST",
      headers: { authorization: target.authorization, "content-type": "application/json" },
      body: JSON.stringify({
        userId,
        event: target.eventName,
        messageId: `bench-${userId}`,
        properties: { plan: "bench" },
        // .test is reserved: these addresses can never reach a real inbox.
        context: { traits: { email: `${userId}@mailstream.test`, first_name: "Bench" } },
      }),
    });
    const body = await res.text();
    const acceptedAt = epochNow();
    const ingestMs = performance.now() - issuedAt;
    if (res.status !== 200)
      return { userId, issuedAt, acceptedAt: null, ingestMs, failure: `${res.status} ${body.slice(0, 200)}` };
    return { userId, issuedAt, acceptedAt, ingestMs };
  } catch (error) {
    return {
      userId,
      issuedAt,
      acceptedAt: null,
      ingestMs: performance.now() - issuedAt,
      failure: (error as Error).message,
    };
  }
}

/** Issues one request every 1/rate s on a fixed schedule, without waiting for responses. */
export async function sendAtRate(target: BenchTarget, userIds: readonly string[], rate: number): Promise<SendResult[]> {
  const start = performance.now();
  const inflight: Promise<SendResult>[] = [];
  for (const [i, userId] of userIds.entries()) {
    const wait = start + (i * 1_000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(sendOne(target, userId));
  }
  return Promise.all(inflight);
}

/** Polls until every contact has a sent message or `timeoutMs` passes; what was found by then. */
export async function waitForSends(
  target: BenchTarget,
  userIds: readonly string[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<Map<string, SentTimes>> {
  const found = new Map<string, SentTimes>();
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  while (found.size < userIds.length && Date.now() < deadline) {
    const pending = userIds.filter((id) => !found.has(id));
    for (const [userId, sentAt] of await target.findSentTimes(pending)) found.set(userId, sentAt);
    if (Date.now() - lastReport > 5_000) {
      log(`${found.size}/${userIds.length} emails sent…`);
      lastReport = Date.now();
    }
    if (found.size < userIds.length) await sleep(250);
  }
  return found;
}

export function userIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

export function rateHeldOf(results: readonly SendResult[]): number {
  const spanSeconds = ((results.at(-1)?.issuedAt ?? 0) - (results[0]?.issuedAt ?? 0)) / 1_000;
  return results.length > 1 && spanSeconds > 0 ? (results.length - 1) / spanSeconds : Number.NaN;
}
