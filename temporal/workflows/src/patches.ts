// Every patch of journeyRun's interpretation, in one place (temporalio/samples-typescript
// `patching-api/`). A change to how a plan is interpreted — step order, what gets recorded,
// activity options, new semantics for a step kind — gets a new id here, and the changed code
// asks `patched(<ID>)`: runs recorded before it replay the old path, and
// journey-run-replay.test.ts over `histories/*.json` proves it. Ids are never reused or
// renamed; one leaves this list only with `deprecatePatch` once no run from before it is open.

/** Goal and exit criteria end a run wherever it is, pause holds it at step boundaries, sends may
 * be deferred (quiet hours, frequency cap) with visible steps, until-event waits may match on the
 * entry key, and sends get `matchedEvents`. Asked first, before any command (journey-run.ts). */
export const SETTINGS_PATCH = "journey-settings-v1";

/** A deferral already due still sleeps 1 s before asking again: before it, a worker clock behind
 * the server's asked again at once, without a timer (steps/email.ts). */
export const MIN_DEFERRAL_PATCH = "min-deferral-v1";

/** Branch rules that read an earlier wait's matched event get the run's `matchedEvents`
 * (none before it; steps/branch-input.ts). */
export const BRANCH_MATCHED_EVENT_PATCH = "branch-matched-event-v1";

/** continueAsNew hands the unconsumed inbox to the next execution: before it, an event signalled
 * while the run was on the step before an until-event wait was lost at the rollover (journey-run.ts). */
export const CARRY_INBOX_PATCH = "carry-inbox-v1";

/** A split sends contacts who are not held out to its declared winner (steps/split.ts). */
export const SPLIT_WINNER_PATCH = "split-winner-v1";

/** A person may end a run, continue it now (cut a wait short) or move it to another step from the
 * drill-down (runControlSignal; steps/run-controls.ts). Asked when the first control arrives. */
export const RUN_CONTROLS_PATCH = "run-controls-v1";

/** The exit node records its step and ends the run in one local activity (`endRun`) instead of
 * `recordStep` then `finishRun`: one marker, one Postgres transaction fewer per run (steps/exit.ts). */
export const END_WITH_STEP_PATCH = "end-with-step-v1";

/** A republish may move a waiting run to the new version: the run continues-as-new on the new plan
 * at the mapped step, or ends (migrate-run.ts). Asked when the request arrives. */
export const MIGRATE_RUN_PATCH = "migrate-run-v1";

/** The send activity records the email step's outcome in the hand-off's transaction (`stepSeq`):
 * one local activity and one Postgres transaction fewer per email; a deferral or a failed send is
 * still recorded by the workflow (steps/email.ts). Asked once per email step, before the send. */
export const LEAN_SEND_PATCH = "lean-send-v1";

/** A run whose starter recorded its entry step (`entryRecorded`, the dispatcher) does not record it
 * again: one local activity and one Postgres transaction fewer per run (steps/trigger.ts). Asked
 * only by runs started with the flag. */
export const LEAN_ENTRY_PATCH = "lean-entry-v1";

/** broadcastSend (not journeyRun): a staggered A/B/n broadcast sends its test sample, waits for the
 * sequential test (or its deadline) checking it periodically, then sends the winner, the fallback
 * or nothing to the rest (broadcast-send.ts, broadcast-test.ts). Asked when a snapshot has a sample. */
export const BROADCAST_AB_PATCH = "broadcast-ab-v1";

/** Waits may be "until the contact's best time" (a new plan step kind, `wait_until_best_time`;
 * steps/wait-until-best-time.ts). Asked when such a step starts, so only runs that reach one carry
 * the marker; histories from before it never hold that step kind. */
export const BEST_TIME_WAIT_PATCH = "best-time-wait-v1";

/** An email step whose next step is the exit node hands the exit to the send (`exitStep`): the
 * activity records the email step, the exit step and the run's end in one transaction, and the
 * workflow ends without a local activity (steps/email.ts). Not for plans with a goal or exit
 * criteria, so a conversion during the last send still counts. Asked before such a send. */
export const WORKER_LEAN_PATCH = "worker-lean-v1";

/** broadcastSend (not journeyRun): the throttles are spread — each page call sends at most the
 * hourly rate's share of a few seconds and the workflow spaces the calls by that batch's share of
 * the hour (the same page again while some of it is pending); per-domain limits count over short
 * windows (broadcast-send.ts, activities/broadcast-spread.ts). Asked once per execution, at its
 * first page call or deferred retry. */
export const BROADCAST_PAGES_PATCH = "broadcast-pages-v2";

/** broadcastSend (not journeyRun): a broadcast with no hourly throttle and no per-domain limits
 * keeps three page calls in flight — one renders in the worker while another writes in Postgres —
 * never across the A/B sample's boundary, never into a pause, a cancel or a continue-as-new
 * (broadcast-pages-in-flight.ts). Asked once per execution, at its first page call, and only by
 * such a broadcast: throttled ones keep their commands. */
export const BROADCAST_OVERLAP_PATCH = "broadcast-pages-v3";

/** The list, oldest first: the id, the day it shipped, and why. */
/** The email step tries `sendEmail` once as a local activity in the journeys worker before the
 * queued activity (steps/email-send.ts): a run that sends and ends is one workflow task and no
 * activity task. The attempt answers `busy` when the provider slot is not due within a second,
 * and falls back to the queued activity then or on a transient failure. Asked once per email step. */
export const SEND_LOCAL_PATCH = "send-local-v1";

export const PATCHES = [
  {
    id: SETTINGS_PATCH,
    since: "2026-11-23",
    reason: "journey settings: goal, exit criteria, pause, quiet hours / frequency cap deferrals, entry-key matching",
  },
  {
    id: MIN_DEFERRAL_PATCH,
    since: "2026-12-04",
    reason: "a due deferral sleeps at least 1 s (clock skew between worker and server)",
  },
  {
    id: BRANCH_MATCHED_EVENT_PATCH,
    since: "2026-12-04",
    reason: "branch rules may read the event an earlier until-event wait matched",
  },
  { id: CARRY_INBOX_PATCH, since: "2026-12-04", reason: "continue-as-new carries the events not yet consumed" },
  { id: SPLIT_WINNER_PATCH, since: "2026-12-04", reason: "splits route to a declared winner (hold-out unchanged)" },
  {
    id: RUN_CONTROLS_PATCH,
    since: "2026-12-06",
    reason: "drill-down controls: end, continue now, move to a step (signalled, recorded on the step log)",
  },
  {
    id: END_WITH_STEP_PATCH,
    since: "2026-12-06",
    reason: "the exit node's step and the run's end are written by one local activity",
  },
  { id: MIGRATE_RUN_PATCH, since: "2026-12-06", reason: "republish moves waiting runs to the new version on request" },
  {
    id: LEAN_SEND_PATCH,
    since: "2026-12-07",
    reason: "the send activity records the email step with the hand-off (one local activity fewer per email)",
  },
  {
    id: LEAN_ENTRY_PATCH,
    since: "2026-12-07",
    reason: "the dispatcher records the entry step in the start's transaction (one local activity fewer per run)",
  },
  {
    id: BROADCAST_AB_PATCH,
    since: "2026-12-07",
    reason: "broadcasts: staggered A/B/n — the sample, the test, then the winner or fallback to the rest",
  },
  {
    id: BEST_TIME_WAIT_PATCH,
    since: "2026-12-07",
    reason: "waits until the contact's best send time (their opens and clicks, else the workspace's)",
  },
  {
    id: WORKER_LEAN_PATCH,
    since: "2026-12-07",
    reason: "an exit right after an email is written by the send with the email step (no local activity after it)",
  },
  {
    id: BROADCAST_PAGES_PATCH,
    since: "2026-12-07",
    reason:
      "broadcast throttles spread evenly: small batches spaced by the hourly rate, per-domain limits in short windows",
  },
  {
    id: BROADCAST_OVERLAP_PATCH,
    since: "2026-12-07",
    reason: "an unthrottled broadcast keeps three page calls in flight, so the worker and Postgres work at once",
  },
  {
    id: SEND_LOCAL_PATCH,
    since: "2026-12-07",
    reason: "the send is tried once as a local activity (one workflow task per run), the queued activity as fallback",
  },
] as const;
