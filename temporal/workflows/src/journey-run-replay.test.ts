// The guard for interpretation changes: recorded journeyRun histories must replay on the
// current workflow code. A change that breaks this goes behind `patched()` (journey-run.ts).
// `histories/journey-run-v1.json` is recorded by journey-run.test.ts when absent, the
// `journey-run-settings-*.json` ones (SETTINGS_PATCH: goal, deferred send) by run-settings.test.ts,
// `journey-run-split-v1.json` (a split before SPLIT_WINNER_PATCH) by split-winner.test.ts,
// `journey-run-min-deferral.json` (MIN_DEFERRAL_PATCH, a deferral already due) by time-skipping.test.ts.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import { DeterminismViolationError } from "@temporalio/workflow";
import { beforeAll, describe, expect, it } from "vitest";
import { testEnv } from "@mailstream/testing/test-env";
import { installQuietRuntime } from "@mailstream/testing/temporal-workers";

const HISTORIES = [
  "journey-run-v1.json",
  "journey-run-settings-goal.json",
  "journey-run-settings-deferred.json",
  "journey-run-split-v1.json",
  "journey-run-min-deferral.json",
  // The kinds added after v1, one history per path, recorded by run-kinds.test.ts / run-entry.test.ts.
  "journey-run-until-event-matched.json", // also update contact (set, number, unset)
  "journey-run-until-event-timed-out.json",
  "journey-run-carry-inbox.json", // CARRY_INBOX_PATCH: first execution, up to continue-as-new
  "journey-run-until-time.json", // wait-until-time.test.ts (time-skipping server)
  "journey-run-until-date.json", // wait-until-date.test.ts
  "journey-run-branch-yes.json",
  "journey-run-branch-no.json",
  "journey-run-branch-cases-else.json",
  "journey-run-branch-matched-event.json", // BRANCH_MATCHED_EVENT_PATCH
  "journey-run-split-holdout.json",
  "journey-run-webhook-called.json",
  "journey-run-webhook-failed.json",
  "journey-run-run-controls-continue.json", // RUN_CONTROLS_PATCH: continue now, a repeat and a late control (run-controls.test.ts)
  "journey-run-exit-v1.json", // trigger → email → exit before END_WITH_STEP_PATCH, by run-end-batch.test.ts
  // MIGRATE_RUN_PATCH: a waiting run moved by a republish, up to its continue-as-new (journey-migrate-runs.test.ts).
  "journey-run-migrate-moved.json",
  // trigger → email → exit before LEAN_SEND_PATCH (the workflow recorded the email step), by lean-send.test.ts.
  "journey-run-send-before-lean.json",
  "journey-run-until-best-time.json", // BEST_TIME_WAIT_PATCH: a best-time wait (wait-until-best-time.test.ts)
  // trigger → email → exit before WORKER_LEAN_PATCH (the exit's own local activity), by worker-lean.test.ts on ef8f2bf.
  "journey-run-exit-after-send-v1.json",
  "journey-run-worker-lean-v1.json", // WORKER_LEAN_PATCH: the same run, the exit written by the send (lean-send.test.ts)
  "journey-run-send-local-v1.json", // SEND_LOCAL_PATCH: the same run, the send a local activity (send-local.test.ts)
  "journey-run-send-local-busy.json", // SEND_LOCAL_PATCH: the local attempt answered busy, the queued one sent (send-local.test.ts)
].map((name) => fileURLToPath(new URL(`./histories/${name}`, import.meta.url)));

function loadHistory(file: string): unknown {
  if (!existsSync(file))
    throw new Error(`${file} is missing: run journey-run.test.ts once to record it, then commit it`);
  return JSON.parse(readFileSync(file, "utf8"));
}

beforeAll(() => installQuietRuntime());

describe("journeyRun replay", () => {
  it.each(HISTORIES)("replays %s on the current workflow code", async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, loadHistory(file));
  });

  it("rejects the recorded history on code that interprets the plan differently", async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL("./histories/diverging-journey-run.ts", import.meta.url)),
      logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    const replay = Worker.runReplayHistory({ workflowBundle: bundle }, loadHistory(HISTORIES[0] as string));
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
