// Coalesces concurrent calls into batches: a call joins the batch being gathered, which is
// flushed when it holds `maxSize` items or on the next turn of the event loop after its first
// arrival (setImmediate: every call already queued in this turn joins, and a lone call waits for
// nothing else). Each caller gets its own result or its own error. A batch holds at most one item
// per key: a second call with the same key (a retried activity racing its earlier attempt) waits
// for the next batch, so the two meet under the database's row lock, not inside one statement.
// Batches do not wait for each other: several may be in flight at once.

/** One item's settlement, as the flush reports it. */
export type Settled<R> = { value: R } | { error: unknown };

export interface Coalescer<I, R> {
  submit(item: I): Promise<R>;
}

interface Waiting<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export function createCoalescer<I, R>(options: {
  maxSize: number;
  keyOf: (item: I) => string;
  /** Settles every item of the batch, in its order; a throw fails every item with that error. */
  flush: (items: I[]) => Promise<Settled<R>[]>;
}): Coalescer<I, R> {
  let waiting: Waiting<I, R>[] = [];
  let isScheduled = false;

  function takeBatch(): Waiting<I, R>[] {
    const batch: Waiting<I, R>[] = [];
    const rest: Waiting<I, R>[] = [];
    const keys = new Set<string>();
    for (const entry of waiting) {
      const key = options.keyOf(entry.item);
      if (batch.length < options.maxSize && !keys.has(key)) {
        keys.add(key);
        batch.push(entry);
      } else rest.push(entry);
    }
    waiting = rest;
    return batch;
  }

  async function run(batch: Waiting<I, R>[]): Promise<void> {
    let settled: Settled<R>[];
    try {
      settled = await options.flush(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = settled[i];
      if (!outcome) entry.reject(new Error("the batch settled fewer items than it was given"));
      else if ("error" in outcome) entry.reject(outcome.error);
      else entry.resolve(outcome.value);
    });
  }

  function flushNow(): void {
    isScheduled = false;
    const batch = takeBatch();
    if (batch.length > 0) void run(batch);
    if (waiting.length > 0) schedule();
  }

  function schedule(): void {
    if (isScheduled) return;
    isScheduled = true;
    setImmediate(flushNow);
  }

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        // Full: go now (the scheduled turn then takes whatever arrived after).
        if (waiting.length >= options.maxSize) {
          const batch = takeBatch();
          void run(batch);
        }
        schedule();
      });
    },
  };
}
