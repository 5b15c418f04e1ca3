// In-process fan-out for live metrics. One poller per key (a journey dashboard filter, a
// workspace overview) per process runs the aggregate every `intervalMs` only while someone
// subscribes, and pushes to every subscriber only when the numbers changed — so a hundred
// open metrics pages cost the database one query per second, not a hundred.
import type { Db } from "@mailstream/db/client";
import { log } from "@mailstream/log";
import { loadLivePayload, type LivePayload } from "./live-payload";

export type LoadLiveMetrics<T> = (db: Db, key: string) => Promise<T>;

export interface LiveMetricsHub<T = LivePayload> {
  /**
   * Latest metrics now, then each change, until `signal` aborts or the consumer calls
   * `return()` (a `for await` loop that exits does). Attaches immediately.
   */
  subscribe(key: string, signal?: AbortSignal): AsyncIterableIterator<T>;
  /** Keys currently being polled (for tests and health output). */
  pollingJourneys(): string[];
}

interface PollerOf<T> {
  listeners: Set<(metrics: T) => void>;
  latest: T | null;
  latestKey: string | null;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
}

export function createLiveMetricsHub<T = LivePayload>(
  db: Db,
  options: { intervalMs?: number; load?: LoadLiveMetrics<T> } = {},
): LiveMetricsHub<T> {
  const intervalMs = options.intervalMs ?? 1000;
  // The default loader serves the app's keys; tests inject their own value type.
  const load = options.load ?? (loadLivePayload as unknown as LoadLiveMetrics<T>);
  type Poller = PollerOf<T>;
  const pollers = new Map<string, Poller>();

  async function tick(journeyId: string, poller: Poller): Promise<void> {
    try {
      const metrics = await load(db, journeyId);
      const key = JSON.stringify(metrics);
      if (!poller.stopped && key !== poller.latestKey) {
        poller.latest = metrics;
        poller.latestKey = key;
        for (const listener of poller.listeners) listener(metrics);
      }
    } catch (error) {
      // A failed poll (database restarting, say) is retried on the next tick; subscribers keep
      // the last good numbers rather than losing their stream.
      log.warn("live metrics: polling a journey failed", { journeyId }, error);
    }
    // Ticks are chained, never overlapped: a slow query delays the next one instead of piling up.
    if (!poller.stopped) poller.timer = setTimeout(() => void tick(journeyId, poller), intervalMs);
  }

  function attach(journeyId: string, listener: (metrics: T) => void): () => void {
    let poller = pollers.get(journeyId);
    if (!poller) {
      poller = { listeners: new Set(), latest: null, latestKey: null, timer: null, stopped: false };
      pollers.set(journeyId, poller);
      void tick(journeyId, poller);
    } else if (poller.latest) {
      listener(poller.latest);
    }
    poller.listeners.add(listener);
    const current = poller;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        current.stopped = true;
        if (current.timer) clearTimeout(current.timer);
        if (pollers.get(journeyId) === current) pollers.delete(journeyId);
      }
    };
  }

  /**
   * A hand-written iterator rather than an async generator: a generator parked in `await`
   * cannot be ended by `return()` until the next change arrives, which would keep a closed
   * page's poller alive. Here abort and `return()` detach at once.
   */
  function subscribe(journeyId: string, signal?: AbortSignal): AsyncIterableIterator<T> {
    // Only the newest value is kept per subscriber: a slow consumer skips stale numbers
    // instead of buffering without bound.
    let pending: T | null = null;
    let waiter: ((result: IteratorResult<T, undefined>) => void) | null = null;
    let isClosed = false;
    const done = (): IteratorResult<T, undefined> => ({ value: undefined, done: true });

    const detach = attach(journeyId, (metrics) => {
      if (waiter) {
        const resolve = waiter;
        waiter = null;
        resolve({ value: metrics, done: false });
      } else {
        pending = metrics;
      }
    });
    function close(): void {
      if (isClosed) return;
      isClosed = true;
      detach();
      signal?.removeEventListener("abort", close);
      const resolve = waiter;
      waiter = null;
      resolve?.(done());
    }
    if (signal?.aborted) close();
    else signal?.addEventListener("abort", close);

    const iterator: AsyncIterableIterator<T> = {
      next() {
        if (isClosed) return Promise.resolve(done());
        if (pending !== null) {
          const value: T = pending;
          pending = null;
          return Promise.resolve({ value, done: false });
        }
        return new Promise((resolve) => {
          waiter = resolve;
        });
      },
      return() {
        close();
        return Promise.resolve(done());
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  return { subscribe, pollingJourneys: () => [...pollers.keys()] };
}

/**
 * One hub per database handle — so one per process — built on first use: every page open
 * on the same key in this process shares its poller.
 */
export function hubPerDatabase<T>(options: {
  intervalMs: number;
  load: LoadLiveMetrics<T>;
}): (db: Db) => LiveMetricsHub<T> {
  const hubs = new WeakMap<Db, LiveMetricsHub<T>>();
  return (db) => {
    let hub = hubs.get(db);
    if (!hub) {
      hub = createLiveMetricsHub<T>(db, options);
      hubs.set(db, hub);
    }
    return hub;
  };
}
