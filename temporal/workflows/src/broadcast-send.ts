// `broadcastSend`: one durable workflow per broadcast (never one per contact). It waits for the
// scheduled time on a durable timer, freezes the audience (one activity), then walks the
// snapshot page by page — each page one activity on the email queue — honouring each page's
// send instant (local-time sends roll from the earliest zone to the latest), the broadcast's
// hourly throttle, per-domain holds, pause/resume and cancel. Since BROADCAST_PAGES_PATCH the
// throttles are spread: a page call sends the rate's share of a few seconds (the page's rest on
// the next call) and the calls are spaced by their emails' share of the hour
// (activities/broadcast-spread.ts). It continues-as-new every
// `pagesPerHistory` pages so a million-contact send keeps a small history, and ends by
// retrying recipients that quiet hours or the frequency cap deferred. A staggered A/B/n broadcast
// (BROADCAST_AB_PATCH) sends its sample's pages first, runs the test (broadcast-test.ts), then
// sends the rest their winner or fallback — or, when the test stopped the send, nothing. Since
// BROADCAST_OVERLAP_PATCH a broadcast with neither an hourly throttle nor per-domain limits keeps
// three page calls in flight (broadcast-pages-in-flight.ts), so the worker's rendering and
// Postgres's writes overlap; a pause, a cancel, the sample's last page and a continue-as-new each
// wait for the calls in flight. The deferred retries stay one call at a time (their sets overlap).
// Deterministic code only: imports are `@temporalio/workflow`, the contracts and activity types.
import { condition, continueAsNew, patched, proxyActivities, setHandler } from "@temporalio/workflow";
import type { Activities, SendBroadcastPageResult } from "@mailstream/activities";
import {
  broadcastProgressQuery,
  cancelBroadcastSignal,
  EMAIL_TASK_QUEUE,
  setBroadcastPausedSignal,
  type BroadcastProgress,
  type BroadcastResumeState,
  type BroadcastSendInput,
} from "@mailstream/temporal-contracts";
import { runBroadcastTest } from "./broadcast-test";
import { movedAnyone, sendPagesInFlight } from "./broadcast-pages-in-flight";
import { BROADCAST_AB_PATCH, BROADCAST_OVERLAP_PATCH, BROADCAST_PAGES_PATCH } from "./patches";

/** ~8 history events per page call: 200 calls stay near 2k events, far below Temporal's 50k cap. */
const DEFAULT_PAGES_PER_HISTORY = 200;
const HOUR_MS = 3_600_000;

const UNLIMITED_RETRY = { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" } as const;

const { prepareBroadcastSend, findBroadcastRetryAt, finishBroadcast } = proxyActivities<Activities>({
  startToCloseTimeout: "10 minutes",
  retry: { ...UNLIMITED_RETRY, nonRetryableErrorTypes: ["PermanentBroadcastError"] },
});

export interface BroadcastSendResult {
  status: "done" | "cancelled";
}

/** The send instant of `page`: that of the last page start at or before it. */
function pageSendAt(starts: BroadcastResumeState["pageStarts"], page: number): number {
  let at = starts[0]?.sendAt ?? 0;
  for (const start of starts) {
    if (start.page > page) break;
    at = start.sendAt;
  }
  return at;
}

/** Before BROADCAST_PAGES_PATCH: the last whole page's share of the hour after it was sent. */
function afterLastPage(state: BroadcastResumeState, throttlePerHour: number | null): number {
  return throttlePerHour ? state.lastPageAt + (state.lastPageSent * HOUR_MS) / throttlePerHour : 0;
}

/**
 * BROADCAST_PAGES_PATCH: when the next page call may go — its emails' share of the hour after this
 * call began; when only domain-held recipients are left, not before their window frees a slot
 * (and at least a second on: the worker's clock may trail workflow time).
 */
function nextCallAt(calledAt: number, result: SendBroadcastPageResult, throttlePerHour: number | null): number {
  const emails = result.sent + result.failed;
  const spaced = throttlePerHour ? calledAt + (emails * HOUR_MS) / throttlePerHour : calledAt;
  if (result.pending === 0 || result.pending > result.held || result.heldUntil === null) return spaced;
  return Math.max(spaced, result.heldUntil, Date.now() + 1000);
}

export async function broadcastSend(input: BroadcastSendInput): Promise<BroadcastSendResult> {
  const { broadcastId, workspaceId } = input;
  const ref = { broadcastId, workspaceId };
  const { sendBroadcastPage } = proxyActivities<Activities>({
    taskQueue: input.options?.emailTaskQueue ?? EMAIL_TASK_QUEUE,
    // A page of 100 at the provider's rate takes seconds; the heartbeat notices a dead worker sooner.
    startToCloseTimeout: "10 minutes",
    heartbeatTimeout: "30 seconds",
    retry: { ...UNLIMITED_RETRY, nonRetryableErrorTypes: ["PermanentBroadcastError"] },
  });
  const pagesPerHistory = input.options?.pagesPerHistory ?? DEFAULT_PAGES_PER_HISTORY;

  let isPaused = input.resume?.isPaused ?? false;
  let isCancelled = false;
  let phase: BroadcastProgress["phase"] = input.resume ? "sending" : "waiting";
  let state: BroadcastResumeState | undefined = input.resume;
  setHandler(setBroadcastPausedSignal, ({ paused }) => {
    isPaused = paused;
  });
  setHandler(cancelBroadcastSignal, () => {
    isCancelled = true;
  });
  setHandler(broadcastProgressQuery, () => ({
    phase,
    nextPage: state?.nextPage ?? 0,
    pageCount: state?.pageCount ?? 0,
    isPaused,
    isCancelled,
  }));

  /** Sleeps until `at` (epoch ms) unless cancelled or paused first; true when the time came. */
  const sleepUntil = async (at: number): Promise<boolean> => {
    const ms = at - Date.now();
    if (ms <= 0) return true;
    return !(await condition(() => isCancelled || isPaused, ms));
  };
  const finish = async (outcome: BroadcastSendResult["status"]): Promise<BroadcastSendResult> => {
    phase = "finished";
    await finishBroadcast({ ...ref, outcome });
    return { status: outcome };
  };

  if (!state) {
    // The scheduled time, on a durable timer: a worker restart does not move it.
    while (!isCancelled && !(await sleepUntil(Date.parse(input.startAt)))) {
      if (isPaused) await condition(() => !isPaused || isCancelled);
    }
    if (isCancelled) return finish("cancelled");
    const snapshot = await prepareBroadcastSend(ref);
    state = {
      pageStarts: snapshot.pageStarts,
      pageCount: snapshot.pageCount,
      nextPage: 0,
      isPaused,
      lastPageAt: 0,
      lastPageSent: 0,
      ...(snapshot.hasDomainLimits === undefined ? {} : { hasDomainLimits: snapshot.hasDomainLimits }),
    };
    // Only a snapshot with a sample asks the patch: a plain broadcast's commands are unchanged.
    if (snapshot.testPageCount > 0 && snapshot.testDurationMs !== null && patched(BROADCAST_AB_PATCH)) {
      state.test = {
        pageCount: snapshot.testPageCount,
        durationMs: snapshot.testDurationMs,
        endsAt: null,
        isDecided: false,
      };
    }
    phase = "sending";
  }

  let pagesThisHistory = 0;
  // Asked once per execution, at its first page call (or deferred retry), and kept: an execution
  // recorded before the patch replays every page on the old path.
  let isSpread: boolean | undefined;
  // Likewise asked once, at the first page call, and only by a broadcast whose calls need no
  // spacing and whose domain windows are not counted: the others keep their commands.
  let isOverlapped: boolean | undefined;
  /** Whether `page` may go beside a call in flight: due, not paused or cancelled, the sample's side. */
  const mayStartBeside = (page: number, calls: number): boolean =>
    !!state &&
    page < state.pageCount &&
    !isPaused &&
    !isCancelled &&
    !(state.test && !state.test.isDecided && page >= state.test.pageCount) &&
    pageSendAt(state.pageStarts, page) <= Date.now() &&
    pagesThisHistory + calls < pagesPerHistory;
  for (;;) {
    if (state.test && !state.test.isDecided && state.nextPage >= state.test.pageCount) {
      phase = "testing";
      const outcome = await runBroadcastTest(ref, state.test, {
        isPaused: () => isPaused,
        isCancelled: () => isCancelled,
      });
      if (outcome === "cancelled") return finish("cancelled");
      phase = "sending";
      // Stopped: the decision skipped the rest in the database; no page is left to send.
      if (outcome === "stop") state.nextPage = state.pageCount;
    }
    if (state.nextPage >= state.pageCount) break;
    await condition(() => !isPaused || isCancelled);
    if (isCancelled) return finish("cancelled");
    isSpread ??= patched(BROADCAST_PAGES_PATCH);
    if (isSpread) {
      // A page goes at its zone's instant, and no sooner than the throttles allow after the last
      // call (or, first on this path after a continue-as-new from the old one, the last page).
      const notBefore = state.nextCallAt ?? afterLastPage(state, input.throttlePerHour);
      if (!(await sleepUntil(Math.max(pageSendAt(state.pageStarts, state.nextPage), notBefore)))) continue;
      isOverlapped ??= !input.throttlePerHour && state.hasDomainLimits === false && patched(BROADCAST_OVERLAP_PATCH);
      if (isOverlapped) {
        const { calls, again } = await sendPagesInFlight(state, {
          callPage: (page) => sendBroadcastPage({ ...ref, page, spread: true }),
          mayStart: mayStartBeside,
        });
        if (again) state.nextCallAt = nextCallAt(again.calledAt, again.result, input.throttlePerHour);
        pagesThisHistory += calls - 1; // the first is counted below, as a single call is
      } else {
        const calledAt = Date.now();
        const result = await sendBroadcastPage({ ...ref, page: state.nextPage, spread: true });
        state.nextCallAt = nextCallAt(calledAt, result, input.throttlePerHour);
        // The rest of the page on the next call — unless this one moved nobody (rows gone mid-send).
        if (result.pending === 0 || !movedAnyone(result)) state.nextPage++;
      }
    } else {
      // A page goes at its zone's instant, and no sooner than the throttle allows after the last.
      const due = Math.max(pageSendAt(state.pageStarts, state.nextPage), afterLastPage(state, input.throttlePerHour));
      if (!(await sleepUntil(due))) continue;
      const result = await sendBroadcastPage({ ...ref, page: state.nextPage });
      state.lastPageAt = Date.now();
      state.lastPageSent = result.sent + result.failed;
      if (result.held > 0 && result.heldUntil !== null) {
        // A per-domain limit held some back: the same page again once a slot opens.
        await sleepUntil(result.heldUntil);
        continue;
      }
      state.nextPage++;
    }
    pagesThisHistory++;
    if (pagesThisHistory >= pagesPerHistory && state.nextPage < state.pageCount) {
      await continueAsNew<typeof broadcastSend>({ ...input, resume: { ...state, isPaused } });
    }
  }

  // Quiet hours and the frequency cap defer a recipient rather than drop them (as in journeys).
  phase = "retrying_deferred";
  for (;;) {
    if (isCancelled) return finish("cancelled");
    const retryAt = await findBroadcastRetryAt(ref);
    if (retryAt === null) break;
    isSpread ??= patched(BROADCAST_PAGES_PATCH);
    const notBefore = isSpread ? (state.nextCallAt ?? 0) : 0;
    // At least a second apart: the worker's clock may trail workflow time (time-skipping, skew).
    if (!(await sleepUntil(Math.max(retryAt, Date.now() + 1000, notBefore)))) {
      await condition(() => !isPaused || isCancelled);
      continue;
    }
    if (!isSpread) {
      await sendBroadcastPage({ ...ref, page: null });
      continue;
    }
    const calledAt = Date.now();
    const result = await sendBroadcastPage({ ...ref, page: null, spread: true });
    state.nextCallAt = nextCallAt(calledAt, result, input.throttlePerHour);
  }
  return finish("done");
}
