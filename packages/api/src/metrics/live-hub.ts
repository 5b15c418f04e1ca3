// In-process fan-out for live journey metrics. One poller per journey per process runs
// the metrics aggregate every `intervalMs` only while someone subscribes, and pushes to
// every subscriber only when the numbers changed — so a hundred open metrics pages cost
// the database one query per second, not a hundred.
import type { Db } from "@mailstream/db/client";
import { findJourneyMetrics, type JourneyMetrics } from "@mailstream/db/queries/metrics";

export type LoadJourneyMetrics = (db: Db, journeyId: string) => Promise<JourneyMetrics>;

export interface LiveMetricsHub {
  /** Latest metrics now, then each change, until `signal` aborts or the consumer stops. */
  subscribe(journeyId: string, signal?: AbortSignal): AsyncGenerator<JourneyMetrics, void, unknown>;
  /** Journeys currently being polled (for tests and health output). */
  pollingJourneys(): string[];
}

interface Poller {
  listeners: Set<(metrics: JourneyMetrics) => void>;
  latest: JourneyMetrics | null;
  latestKey: string | null;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
}

export function createLiveMetricsHub(
  db: Db,
  options: { intervalMs?: number; load?: LoadJourneyMetrics } = {},
): LiveMetricsHub {
  const intervalMs = options.intervalMs ?? 1000;
  const load = options.load ?? findJourneyMetrics;
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
      console.warn(`live metrics: polling journey ${journeyId} failed:`, error);
    }
    // Ticks are chained, never overlapped: a slow query delays the next one instead of piling up.
    if (!poller.stopped) poller.timer = setTimeout(() => void tick(journeyId, poller), intervalMs);
  }

  function attach(journeyId: string, listener: (metrics: JourneyMetrics) => void): () => void {
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

  async function* subscribe(journeyId: string, signal?: AbortSignal): AsyncGenerator<JourneyMetrics, void, unknown> {
    // Only the newest value is kept per subscriber: a slow consumer skips stale numbers
    // instead of buffering without bound.
    let pending: JourneyMetrics | null = null;
    let wake: (() => void) | null = null;
    const detach = attach(journeyId, (metrics) => {
      pending = metrics;
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort);
    try {
      while (!signal?.aborted) {
        if (pending === null) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        const next: JourneyMetrics = pending;
        pending = null;
        yield next;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      detach();
    }
  }

  return { subscribe, pollingJourneys: () => [...pollers.keys()] };
}
