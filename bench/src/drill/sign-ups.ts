// The drill's traffic: a steady stream of sign-ups (identify + track `signed_up`) through
// the HTTP ingest with @mailstream/sdk, the way an application sends them. The SDK keeps
// what the server has not acknowledged and resends it (503 and network errors, with
// back-off) for longer than a Postgres restart takes; every event carries a fixed messageId,
// so a resent batch is stored once. Requests are spread over the stack's web ports and go
// to the next port when one does not answer (a load balancer's retry).
import { createMailstreamClient, type MailstreamClient } from "@mailstream/sdk";

export const SIGN_UP_EVENT = "drill_signed_up";

export interface SignUp {
  userId: string;
  email: string;
  /** When it was queued (ms since the epoch). */
  queuedAt: number;
  /** When the server acknowledged it; null while unacknowledged or after the client gave up. */
  ackedAt: number | null;
}

export interface IngestAnswer {
  at: number;
  port: number;
  status: number | null;
  retryAfter: string | null;
}

export interface SignUpStream {
  signUps: SignUp[];
  answers: IngestAnswer[];
  /** Stops queuing new sign-ups and waits (up to `timeoutMs`) for the queued ones to be acknowledged. */
  stop(timeoutMs: number): Promise<void>;
}

/** Retry window: 40 attempts, each wait at most 2 s, is well over a minute. */
const RETRIES = 40;
const MAX_RETRY_DELAY_MS = 2_000;

/** A fetch that sends each request to the next port in turn, and on a network error tries the others. */
function spreadingFetch(ports: number[], answers: IngestAnswer[]): typeof fetch {
  let next = 0;
  return async (input, init) => {
    const url = new URL(String(input));
    let lastError: unknown;
    for (let tried = 0; tried < ports.length; tried++) {
      const port = ports[next++ % ports.length]!;
      url.port = String(port);
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
        answers.push({
          at: Date.now(),
          port,
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
        });
        return response;
      } catch (error) {
        answers.push({ at: Date.now(), port, status: null, retryAfter: null });
        lastError = error;
      }
    }
    throw lastError;
  };
}

export function startSignUpStream(options: {
  ports: number[];
  writeKey: string;
  perSecond: number;
  runId: string;
}): SignUpStream {
  const signUps: SignUp[] = [];
  const answers: IngestAnswer[] = [];
  const pending = new Set<Promise<void>>();
  const client: MailstreamClient = createMailstreamClient({
    host: `http://127.0.0.1:${options.ports[0]}`,
    writeKey: options.writeKey,
    flushAt: 20,
    flushIntervalMs: 200,
    maxQueueSize: 100_000,
    retries: RETRIES,
    retryBaseMs: 200,
    maxRetryDelayMs: MAX_RETRY_DELAY_MS,
    fetch: spreadingFetch(options.ports, answers),
  });
  const sendOne = () => {
    const userId = `drill-${options.runId}-${signUps.length}`;
    const signUp: SignUp = { userId, email: `${userId}@drill.test`, queuedAt: Date.now(), ackedAt: null };
    signUps.push(signUp);
    const accepted = client
      .batch([
        { type: "identify", userId, messageId: `identify-${userId}`, traits: { email: signUp.email } },
        {
          type: "track",
          userId,
          messageId: `signup-${userId}`,
          event: SIGN_UP_EVENT,
          context: { traits: { email: signUp.email } },
        },
      ])
      .then(
        () => {
          signUp.ackedAt = Date.now();
        },
        () => {}, // not acknowledged: the drill does not expect it (the SDK reported why)
      );
    pending.add(accepted);
    void accepted.finally(() => pending.delete(accepted));
  };
  const timer = setInterval(sendOne, 1000 / options.perSecond);
  return {
    signUps,
    answers,
    async stop(timeoutMs) {
      clearInterval(timer);
      await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    },
  };
}
