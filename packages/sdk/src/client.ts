// The Mailstream ingest client: queues events in memory and sends them to `/v1/batch`.
// - flush when `flushAt` events are queued, every `flushIntervalMs`, on `flush()` and `close()`;
// - every event gets its messageId when queued, so a retried batch is stored once (the server
//   dedupes by messageId);
// - 5xx and network errors are retried with exponential back-off and full jitter; a 4xx is
//   final (the batch is bad or the key is wrong): its server error list goes to `onError`
//   and the returned promise rejects with a MailstreamError carrying it;
// - the queue is bounded: when full the OLDEST event is dropped and reported to `onError`.
import { randomUUID } from "node:crypto";

export type Traits = Record<string, unknown>;
type Identity = { userId: string; anonymousId?: string } | { userId?: string; anonymousId: string };
type Common = Identity & { context?: Record<string, unknown>; timestamp?: Date | string; messageId?: string };

export type TrackMessage = Common & { event: string; properties?: Record<string, unknown> };
export type IdentifyMessage = Common & { traits?: Traits };
export type PageMessage = Common & { name?: string; category?: string; properties?: Record<string, unknown> };
export type ScreenMessage = Common & { name?: string; properties?: Record<string, unknown> };
export type GroupMessage = Common & { groupId: string | number; traits?: Traits };
export type AliasMessage = { userId: string; previousId: string; context?: Record<string, unknown>; timestamp?: Date | string; messageId?: string };

export interface ServerIssue {
  path: string;
  message: string;
}

export class MailstreamError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** The server's `errors` list for a 400 (one entry per bad field, `batch.<index>.<field>`). */
    readonly issues: ServerIssue[] = [],
    /** The events this error concerns (the batch that failed, or the event that was dropped). */
    readonly events: Record<string, unknown>[] = [],
  ) {
    super(message);
    this.name = "MailstreamError";
  }
}

export interface MailstreamClientOptions {
  host: string;
  writeKey: string;
  flushAt?: number;
  flushIntervalMs?: number;
  maxQueueSize?: number;
  retries?: number;
  /** First back-off step; doubled per attempt, with full jitter. */
  retryBaseMs?: number;
  onError?: (error: MailstreamError) => void;
  fetch?: typeof fetch;
}

export interface MailstreamClient {
  track(message: TrackMessage): void;
  identify(message: IdentifyMessage): void;
  page(message: PageMessage): void;
  screen(message: ScreenMessage): void;
  group(message: GroupMessage): void;
  alias(message: AliasMessage): void;
  /** Sends everything queued; resolves when the server accepted it, rejects with MailstreamError. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left (call on shutdown). */
  close(): Promise<void>;
  readonly queued: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createMailstreamClient(options: MailstreamClientOptions): MailstreamClient {
  const { host, writeKey, flushAt = 20, flushIntervalMs = 1000, maxQueueSize = 1000, retries = 3, retryBaseMs = 100 } = options;
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${host.replace(/\/+$/, "")}/v1/batch`;
  const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
  const report = (error: MailstreamError) => options.onError?.(error);
  let queue: Record<string, unknown>[] = [];
  let sending: Promise<void> = Promise.resolve();
  let closed = false;
  const timer = setInterval(() => void flush().catch(() => {}), flushIntervalMs);
  timer.unref();

  function enqueue(type: string, message: Record<string, unknown>): void {
    if (closed) throw new MailstreamError("The client is closed", null);
    const timestamp = message.timestamp instanceof Date ? message.timestamp.toISOString() : (message.timestamp ?? new Date().toISOString());
    queue.push({ ...message, type, timestamp, messageId: message.messageId ?? randomUUID() });
    if (queue.length > maxQueueSize) {
      const dropped = queue.shift()!;
      report(new MailstreamError(`Queue full (${maxQueueSize} events): dropped the oldest event`, null, [], [dropped]));
    }
    if (queue.length >= flushAt) void flush().catch(() => {});
  }

  async function send(batch: Record<string, unknown>[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let failure: MailstreamError;
      try {
        const res = await doFetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", authorization },
          body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
        });
        if (res.ok) return;
        const body = (await res.json().catch(() => ({}))) as { error?: string; errors?: ServerIssue[] };
        const message = body.error ?? (body.errors ? body.errors.map((i) => `${i.path}: ${i.message}`).join("; ") : `HTTP ${res.status}`);
        failure = new MailstreamError(message, res.status, body.errors ?? [], batch);
        if (res.status < 500) throw failure; // 4xx: retrying the same batch cannot help
      } catch (error) {
        if (error instanceof MailstreamError && error.status !== null && error.status < 500) throw error;
        failure = error instanceof MailstreamError ? error : new MailstreamError(`Network error: ${String(error)}`, null, [], batch);
      }
      if (attempt >= retries) throw failure;
      await sleep(Math.random() * retryBaseMs * 2 ** attempt);
    }
  }

  function flush(): Promise<void> {
    // Batches go out one after another, so events keep their order.
    const next = sending.then(async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, Math.max(flushAt, 1));
        queue = queue.slice(batch.length);
        try {
          await send(batch);
        } catch (error) {
          report(error as MailstreamError);
          throw error;
        }
      }
    });
    sending = next.catch(() => {});
    return next;
  }

  return {
    track: (message) => enqueue("track", message),
    identify: (message) => enqueue("identify", message),
    page: (message) => enqueue("page", message),
    screen: (message) => enqueue("screen", message),
    group: (message) => enqueue("group", message),
    alias: (message) => enqueue("alias", message),
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    get queued() {
      return queue.length;
    },
  };
}
