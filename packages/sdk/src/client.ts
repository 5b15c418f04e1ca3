// The Mailstream ingest client: queues events in memory and sends them to `/v1/batch`.
// - flush when `flushAt` events are queued, every `flushIntervalMs`, on `flush()`/`batch()`,
//   on `close()`, and (with `flushOnExit`) when the process is about to exit or gets SIGTERM;
// - batches are cut by count (`flushAt`) and by bytes: at most 500 KB per request and 32 KB
//   per event, Segment's limits, which the server enforces too. An event over 32 KB is
//   refused when queued (a MailstreamError thrown by `track()` & co.), never sent;
// - every event gets its messageId when queued, so a retried batch is stored once (the server
//   dedupes by messageId);
// - 429 and 503 are retried after their Retry-After (the server sends one on 503 while its
//   database is down); other 5xx, a 503 without one and network errors with exponential
//   back-off and full jitter. The default 10 retries wait up to ~100 s in all (~50 s on
//   average), longer than a database restart; another 4xx is final (the batch is bad or the key is wrong): its server
//   error list goes to `onError` and the returned promise rejects with a MailstreamError;
// - the queue is bounded: when full the OLDEST event is dropped and reported to `onError`.
import { randomUUID } from "node:crypto";
import { BATCH_ENVELOPE_BYTES, byteSize, MAX_BATCH_BYTES, MAX_EVENT_BYTES, retryAfterMs } from "./limits";

export type Traits = Record<string, unknown>;
type Identity = { userId: string; anonymousId?: string } | { userId?: string; anonymousId: string };
type Common = Identity & {
  context?: Record<string, unknown>;
  timestamp?: Date | string;
  messageId?: string;
  integrations?: Record<string, unknown>;
};

export type TrackMessage = Common & { event: string; properties?: Record<string, unknown> };
export type IdentifyMessage = Common & { traits?: Traits };
export type PageMessage = Common & { name?: string; category?: string; properties?: Record<string, unknown> };
export type ScreenMessage = Common & { name?: string; properties?: Record<string, unknown> };
export type GroupMessage = Common & { groupId: string | number; traits?: Traits };
export type AliasMessage = {
  userId: string;
  previousId: string;
  context?: Record<string, unknown>;
  timestamp?: Date | string;
  messageId?: string;
};
/** One item of `batch()`: any call, tagged with its `type`. */
export type BatchMessage =
  | ({ type: "track" } & TrackMessage)
  | ({ type: "identify" } & IdentifyMessage)
  | ({ type: "page" } & PageMessage)
  | ({ type: "screen" } & ScreenMessage)
  | ({ type: "group" } & GroupMessage)
  | ({ type: "alias" } & AliasMessage);

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

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** HTTP status that caused the retry; null for a network error. */
  status: number | null;
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
  /** Upper bound of any wait between attempts, Retry-After included. */
  maxRetryDelayMs?: number;
  /** Flush what is queued on `beforeExit` and SIGTERM (then exit as SIGTERM would have). */
  flushOnExit?: boolean;
  onError?: (error: MailstreamError) => void;
  /** Called before each retry with the wait chosen (for logs and metrics). */
  onRetry?: (info: RetryInfo) => void;
  fetch?: typeof fetch;
}

export interface MailstreamClient {
  track(message: TrackMessage): void;
  identify(message: IdentifyMessage): void;
  page(message: PageMessage): void;
  screen(message: ScreenMessage): void;
  group(message: GroupMessage): void;
  alias(message: AliasMessage): void;
  /** Queues several calls at once and flushes; resolves when the server accepted them. */
  batch(messages: readonly BatchMessage[]): Promise<void>;
  /** Sends everything queued; resolves when the server accepted it, rejects with MailstreamError. */
  flush(): Promise<void>;
  /** Stops the timer and the exit hooks and flushes what is left (call on shutdown). */
  close(): Promise<void>;
  readonly queued: number;
}

interface Queued {
  event: Record<string, unknown>;
  bytes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createMailstreamClient(options: MailstreamClientOptions): MailstreamClient {
  const {
    host,
    writeKey,
    flushAt = 20,
    flushIntervalMs = 1000,
    maxQueueSize = 1000,
    retries = 10,
    retryBaseMs = 100,
    maxRetryDelayMs = 30_000,
  } = options;
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${host.replace(/\/+$/, "")}/v1/batch`;
  const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
  const report = (error: MailstreamError) => options.onError?.(error);
  let queue: Queued[] = [];
  let sending: Promise<void> = Promise.resolve();
  let closed = false;
  const timer = setInterval(() => void flush().catch(() => {}), flushIntervalMs);
  timer.unref();

  /** Stamps the event and checks its size; throws before anything is queued. */
  function prepare(type: string, message: Record<string, unknown>): Queued {
    if (closed) throw new MailstreamError("The client is closed", null);
    const timestamp =
      message.timestamp instanceof Date
        ? message.timestamp.toISOString()
        : (message.timestamp ?? new Date().toISOString());
    const event = { ...message, type, timestamp, messageId: message.messageId ?? randomUUID() };
    const bytes = byteSize(event);
    if (bytes > MAX_EVENT_BYTES) {
      throw new MailstreamError(
        `The ${type} event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes (32 KB) per event. It was not queued.`,
        null,
        [],
        [event],
      );
    }
    return { event, bytes };
  }

  function push(items: readonly Queued[]): void {
    for (const item of items) {
      queue.push(item);
      if (queue.length > maxQueueSize) {
        const dropped = queue.shift()!;
        report(
          new MailstreamError(
            `Queue full (${maxQueueSize} events): dropped the oldest event`,
            null,
            [],
            [dropped.event],
          ),
        );
      }
    }
    if (queue.length >= flushAt) void flush().catch(() => {});
  }

  const enqueue = (type: string, message: Record<string, unknown>) => push([prepare(type, message)]);

  /** The next request's events: up to `flushAt`, and the body within 500 KB. */
  function takeBatch(): Record<string, unknown>[] {
    let bytes = BATCH_ENVELOPE_BYTES;
    let count = 0;
    while (count < queue.length && count < Math.max(flushAt, 1)) {
      const next = bytes + queue[count]!.bytes + (count > 0 ? 1 : 0);
      if (count > 0 && next > MAX_BATCH_BYTES) break;
      bytes = next;
      count++;
    }
    const batch = queue.slice(0, count).map((item) => item.event);
    queue = queue.slice(count);
    return batch;
  }

  async function send(batch: Record<string, unknown>[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let failure: MailstreamError;
      let waitMs: number | null = null;
      try {
        const res = await doFetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", authorization },
          body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
        });
        if (res.ok) return;
        const body = (await res.json().catch(() => ({}))) as { error?: string; errors?: ServerIssue[] };
        const message =
          body.error ??
          (body.errors ? body.errors.map((i) => `${i.path}: ${i.message}`).join("; ") : `HTTP ${res.status}`);
        failure = new MailstreamError(message, res.status, body.errors ?? [], batch);
        // 429 and 503 say when to come back; any other 4xx cannot get better by retrying the same batch.
        if (res.status === 429 || res.status === 503) waitMs = retryAfterMs(res.headers.get("retry-after"));
        else if (res.status < 500) throw failure;
      } catch (error) {
        if (error instanceof MailstreamError && error.status !== null && error.status < 500 && error.status !== 429)
          throw error;
        failure =
          error instanceof MailstreamError
            ? error
            : new MailstreamError(`Network error: ${String(error)}`, null, [], batch);
      }
      if (attempt >= retries) throw failure;
      const delayMs = Math.min(waitMs ?? Math.random() * retryBaseMs * 2 ** attempt, maxRetryDelayMs);
      options.onRetry?.({ attempt: attempt + 1, delayMs, status: failure.status });
      await sleep(delayMs);
    }
  }

  function flush(): Promise<void> {
    // Batches go out one after another, so events keep their order.
    const next = sending.then(async () => {
      while (queue.length > 0) {
        const batch = takeBatch();
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

  // Exit hooks: `beforeExit` fires when the event loop drains (a short script that never
  // called close()); SIGTERM is what orchestrators send. Node exits on SIGTERM only while
  // nobody listens, so after flushing we re-raise it when we were the only listener.
  const onBeforeExit = () => {
    if (queue.length > 0) void flush().catch(() => {});
  };
  const onSigterm = () => {
    process.off("SIGTERM", onSigterm);
    void flush()
      .catch(() => {})
      .finally(() => {
        if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
      });
  };
  if (options.flushOnExit) {
    process.on("beforeExit", onBeforeExit);
    process.on("SIGTERM", onSigterm);
  }

  return {
    track: (message) => enqueue("track", message),
    identify: (message) => enqueue("identify", message),
    page: (message) => enqueue("page", message),
    screen: (message) => enqueue("screen", message),
    group: (message) => enqueue("group", message),
    alias: (message) => enqueue("alias", message),
    batch(messages) {
      // All or nothing locally: one oversized event refuses the call before any is queued.
      push(messages.map(({ type, ...message }) => prepare(type, message)));
      return flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      process.off("beforeExit", onBeforeExit);
      process.off("SIGTERM", onSigterm);
      await flush();
    },
    get queued() {
      return queue.length;
    },
  };
}
