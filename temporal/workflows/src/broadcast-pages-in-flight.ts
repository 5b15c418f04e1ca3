// BROADCAST_OVERLAP_PATCH: a broadcast's pages, three calls in flight. A page call is Node work
// (consent, render, tracking links) then Postgres work (the page's writes, the hand-off); one call
// at a time left one of the two idle while the other worked. With more calls started as soon as a
// slot frees, the worker renders one page while Postgres writes another. Three, not two: a page's
// Node and Postgres halves are not equal, so with two one side still idled (100,000 contacts:
// 1,578–1,590 emails/s with two, 1,671–1,914/s with three; docs/performance.md, Broadcasts).
// Safe because pages are disjoint sets of recipients under per-contact idempotency keys, and
// a page's transactions lock their own contacts (sorted) and messages, then the shared rows in one
// order, in the transaction's last statement: the broadcast's counters row, then the workspace's
// rollup rows (the metrics trigger, sorted). Concurrent pages wait for each other there but
// cannot deadlock; the provider rate's slot row is reserved in its own statement. The caller
// decides which pages may start beside a call in flight (not a throttled send, whose calls are
// spaced; not one with per-domain limits, whose window counts concurrent pages would all read);
// this module only keeps the window full and returns with nothing in flight.
// Deterministic code only (workflow sandbox).
import { condition } from "@temporalio/workflow";
import type { SendBroadcastPageResult } from "@mailstream/activities";

export const PAGES_IN_FLIGHT = 3;

export interface PagesInFlightDeps {
  /** Sends (part of) `page`: the page activity. */
  callPage: (page: number) => Promise<SendBroadcastPageResult>;
  /**
   * Whether `page` may start now, beside the calls in flight, after `calls` calls in this window
   * (the caller's rules: a page that exists and is due, no pause or cancel, the same side of an
   * A/B sample, room in this execution's history).
   */
  mayStart: (page: number, calls: number) => boolean;
}

export interface PagesInFlightOutcome {
  /** Page calls made. */
  calls: number;
  /**
   * The lowest page a call left with recipients pending (it moved someone): the next page to
   * call, with when and what that call returned, so the caller spaces the next call as after a
   * single one. Pages started after it are called again too; a settled page returns nothing to send.
   */
  again?: { page: number; calledAt: number; result: SendBroadcastPageResult };
}

/** Whether a call settled anyone or held anyone back: a call that did neither must not be repeated. */
export function movedAnyone(result: SendBroadcastPageResult): boolean {
  return result.sent + result.failed + result.skipped + result.deferred + result.held > 0;
}

/**
 * Calls `cursor.nextPage` (due now), then keeps up to PAGES_IN_FLIGHT calls in flight while
 * `mayStart` allows, advancing `cursor.nextPage` as each starts (the progress query reads it).
 * Returns once every call it started has settled; a failed call stops new starts and is thrown
 * after the others settle. With `again`, `cursor.nextPage` is set back to that page.
 */
export async function sendPagesInFlight(
  cursor: { nextPage: number },
  deps: PagesInFlightDeps,
): Promise<PagesInFlightOutcome> {
  let inFlight = 0;
  let settled = 0;
  let calls = 0;
  let failure: { error: unknown } | undefined;
  let again: PagesInFlightOutcome["again"];

  const start = (page: number) => {
    const calledAt = Date.now();
    inFlight++;
    calls++;
    cursor.nextPage = page + 1;
    void deps
      .callPage(page)
      .then(
        (result) => {
          // As one call at a time decides: the page again unless its call left nobody pending.
          if (result.pending > 0 && movedAnyone(result) && (again === undefined || page < again.page)) {
            again = { page, calledAt, result };
          }
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => {
        inFlight--;
        settled++;
      });
  };

  start(cursor.nextPage);
  for (;;) {
    if (inFlight < PAGES_IN_FLIGHT && !failure && !again && deps.mayStart(cursor.nextPage, calls)) {
      start(cursor.nextPage);
      continue;
    }
    if (inFlight === 0) break;
    const seen = settled;
    await condition(() => settled > seen);
  }
  if (failure) throw failure.error;
  if (again) cursor.nextPage = again.page;
  return again ? { calls, again } : { calls };
}
