// Wake-ups for the dispatch loop: LISTEN on a dedicated connection (reconnecting with
// backoff when it drops) plus a timer, so an event is picked up within the poll interval
// even if a NOTIFY is lost. A notification that arrives while a round is running is kept
// as `pending`, so it is never missed.
import pg from "pg";
import type { Logger } from "@mailstream/log";

export interface Wakeup {
  /** Resolves on a notification, after `timeoutMs`, or when `signal` aborts. */
  wait(timeoutMs: number): Promise<void>;
  /** Resolves once the first LISTEN attempt finished (successfully or not). */
  firstAttempt: Promise<void>;
  close(): Promise<void>;
}

const RECONNECT_MAX_MS = 30_000;

export function createWakeup(options: {
  databaseUrl: string;
  channels: readonly string[];
  signal: AbortSignal;
  log: Logger;
}): Wakeup {
  let pending = false;
  let wake: (() => void) | null = null;
  /** The connection being opened or in use; events from older ones are ignored. */
  let client: pg.Client | null = null;
  let reconnectDelay = 500;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let isClosed = false;
  let isWarned = false;

  const notify = () => {
    pending = true;
    wake?.();
  };
  options.signal.addEventListener("abort", notify, { once: true });

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    client = next;
    next.on("notification", notify);
    next.on("error", () => scheduleReconnect(next)); // pg emits this when the connection drops
    next.on("end", () => scheduleReconnect(next));
    try {
      await next.connect();
      for (const channel of options.channels) await next.query(`LISTEN "${channel}"`);
      if (isClosed || client !== next) {
        await next.end();
        return;
      }
      reconnectDelay = 500;
      if (isWarned) options.log.info("LISTEN connection restored");
      isWarned = false;
      notify(); // events committed while we were not listening are picked up now
    } catch (error) {
      if (!isWarned) {
        options.log.warn("LISTEN failed; polling until it is back", {}, error);
        isWarned = true;
      }
      scheduleReconnect(next);
    }
  }

  function scheduleReconnect(failed: pg.Client): void {
    failed.removeAllListeners("notification");
    if (isClosed || client !== failed) return;
    client = null;
    failed.end().catch(() => {});
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  const firstAttempt = connect();

  return {
    firstAttempt,
    wait(timeoutMs) {
      if (pending || options.signal.aborted) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          pending = false;
          resolve();
        }
        wake = done;
      });
    },
    async close() {
      isClosed = true;
      clearTimeout(reconnectTimer);
      options.signal.removeEventListener("abort", notify);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
