// Between two probes of bench:latency the stack must be back at rest, for either side alike:
// a probe that starts while the server still works off the previous one measures both. After
// a probe's last item is done, this waits until the stack's processes use no more CPU than
// they did idle before the first probe, for a few seconds in a row, and says how long that
// took: the stack's recovery time after the probe, a figure of its own (a product that keeps
// working for a minute after a burst shows it here, not hidden in the next probe).
import { setTimeout as sleep } from "node:timers/promises";
import type { CpuByRole } from "./process-cpu";
import { cpuBetween } from "./process-cpu";

/** The bench's own process: its polling and /proc reads while it waits are not the stack's. */
const BENCH_ROLE = "bench (load)";

/** Cores the stack used per second between two samples, the bench's own process left out. */
function coresBetween(before: CpuByRole, after: CpuByRole, seconds: number): number {
  const delta = cpuBetween(before, after);
  const used = Object.entries(delta).reduce((sum, [role, s]) => (role === BENCH_ROLE ? sum : sum + s), 0);
  return used / seconds;
}

/** The stack's idle CPU (cores), measured over `seconds` of nothing sent. */
export async function measureIdleCores(sample: () => CpuByRole, seconds: number): Promise<number> {
  const before = sample();
  await sleep(seconds * 1_000);
  return coresBetween(before, sample(), seconds);
}

export interface Settled {
  /** Seconds from the call until the quiet stretch began (the recovery time). */
  seconds: number;
  /** False when `maxSeconds` passed without a quiet stretch. */
  isSettled: boolean;
}

/**
 * Waits until the stack has used at most its idle level plus a margin (0.1 core, or a quarter
 * of the idle level when that is more: a real Temporal server's idle work is noisier) for
 * `quietSeconds` one-second samples in a row, or `maxSeconds` passed. `clock` is for tests.
 */
export async function waitUntilSettled(options: {
  sample: () => CpuByRole;
  idleCores: number;
  quietSeconds?: number;
  maxSeconds?: number;
  clock?: { now: () => number; sleep: (ms: number) => Promise<unknown> };
}): Promise<Settled> {
  const { now: clockNow, sleep: wait } = options.clock ?? { now: Date.now, sleep };
  const margin = Math.max(0.1, options.idleCores * 0.25);
  const quietSeconds = options.quietSeconds ?? 3;
  const maxSeconds = options.maxSeconds ?? 180;
  const start = clockNow();
  let quietSince: number | null = null;
  let quietCount = 0;
  let last = options.sample();
  let lastAt = clockNow();
  while (clockNow() - start < maxSeconds * 1_000) {
    await wait(1_000);
    const now = options.sample();
    const at = clockNow();
    const cores = coresBetween(last, now, (at - lastAt) / 1_000);
    if (cores <= options.idleCores + margin) {
      quietSince ??= lastAt;
      quietCount++;
      if (quietCount >= quietSeconds) return { seconds: (quietSince - start) / 1_000, isSettled: true };
    } else {
      quietSince = null;
      quietCount = 0;
    }
    last = now;
    lastAt = at;
  }
  return { seconds: maxSeconds, isSettled: false };
}

export function formatSettled(settled: Settled): string {
  if (!settled.isSettled) return `not settled after ${settled.seconds} s`;
  // Sampled each second: quiet from the first sample on reads as "within a second".
  return settled.seconds < 1 ? "< 1 s" : `${settled.seconds.toFixed(0)} s`;
}
