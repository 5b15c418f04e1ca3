// For tests of the live metrics hub (packages/core/src/metrics/live-hub.ts) and the pages on
// it: collecting what a subscription pushes, and counting the hub's polls without a fixed sleep
// (a sleep of a few intervals sees no poll at all when one aggregate takes longer than that).
import { waitFor } from "./workspace-fixtures";

/** Collects what a subscription yields, in the background, until it ends (aborted). */
export function collect<T>(iterable: AsyncIterable<T>): { received: T[]; done: Promise<void> } {
  const received: T[] = [];
  const done = (async () => {
    for await (const value of iterable) received.push(value);
  })();
  return { received, done };
}

/**
 * Waits until the load function has been called `atLeast` more times (`calls` is the list it
 * appends to) and returns how many calls came, and `maxTicks`: the most a hub polling once per
 * key could have made meanwhile. The hub chains its polls (the next one starts `intervalMs`
 * after the last one ended), so that is one per interval elapsed plus one, however slow the machine.
 */
export async function waitForTicks(
  calls: readonly unknown[],
  options: { atLeast: number; intervalMs: number },
): Promise<{ ticks: number; maxTicks: number }> {
  const before = calls.length;
  const started = performance.now();
  await waitFor(`${options.atLeast} polls of the hub`, async () => calls.length - before >= options.atLeast);
  const ticks = calls.length - before;
  const elapsedMs = performance.now() - started;
  return { ticks, maxTicks: Math.floor(elapsedMs / options.intervalMs) + 1 };
}
