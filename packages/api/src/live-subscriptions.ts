// At most MAX_LIVE_SUBSCRIPTIONS open live streams (tRPC SSE subscriptions: the live metrics
// pages) per person — per workspace for a secret key — in this process. Each stream holds a
// connection and a share of a poller; ten is more tabs than anyone watches, and the eleventh
// is refused with a message saying what to close. Counted per process: a person's tabs reach
// one process unless a balancer spreads them, so a deployment of N web processes allows at
// most N × 10.
import { TRPCError } from "@trpc/server";
import type { Actor } from "./authz";

export const MAX_LIVE_SUBSCRIPTIONS = 10;

export interface LiveSlots {
  /** Takes one of `holder`'s slots; throws TOO_MANY_REQUESTS when all are taken. Returns the release (idempotent). */
  acquire(holder: string): () => void;
  count(holder: string): number;
}

export function createLiveSlots(max = MAX_LIVE_SUBSCRIPTIONS): LiveSlots {
  const held = new Map<string, number>();
  return {
    acquire(holder) {
      const current = held.get(holder) ?? 0;
      if (current >= max) {
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `At most ${max} live views can be open at once; close another tab showing live metrics and reload this one.`,
        });
      }
      held.set(holder, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (held.get(holder) ?? 1) - 1;
        if (left > 0) held.set(holder, left);
        else held.delete(holder);
      };
    },
    count: (holder) => held.get(holder) ?? 0,
  };
}

export function liveSlotHolder(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.user.userId}` : `key:${actor.workspaceId}`;
}

/**
 * `stream` with `release` called once it ends, fails or is left. Not an async generator: a
 * generator queues `return()` behind a pending `next()`, so a client leaving while the stream
 * waits for the next change would hold the poller until that change; this forwards `return()`
 * to the source at once, which ends the pending `next()` too.
 */
function releasing<T>(stream: AsyncIterable<T>, release: () => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const source = stream[Symbol.asyncIterator]();
      const settle = async (step: Promise<IteratorResult<T>>) => {
        try {
          const result = await step;
          if (result.done) release();
          return result;
        } catch (error) {
          release();
          throw error;
        }
      };
      return {
        next: () => settle(source.next()),
        return: (value?: unknown) => {
          release();
          return source.return ? settle(source.return(value)) : Promise.resolve({ done: true, value: undefined });
        },
        throw: (error?: unknown) => {
          release();
          return source.throw ? settle(source.throw(error)) : Promise.reject(error);
        },
      };
    },
  };
}

/**
 * Opens a live stream inside one of the caller's slots. The slot is freed when the stream
 * ends, fails or the client goes away (`signal`), whichever comes first.
 */
export async function openInLiveSlot<T>(
  ctx: { liveSlots: LiveSlots; actor: Actor },
  signal: AbortSignal | undefined,
  open: () => AsyncIterable<T> | Promise<AsyncIterable<T>>,
): Promise<AsyncIterable<T>> {
  const release = ctx.liveSlots.acquire(liveSlotHolder(ctx.actor));
  signal?.addEventListener("abort", release, { once: true });
  try {
    return releasing(await open(), release);
  } catch (error) {
    release();
    throw error;
  }
}
