// The exit node records its step and ends the run in one local activity (END_WITH_STEP_PATCH):
// the run's log and row are what they were with two, and histories recorded before the patch
// (`histories/journey-run-exit-v1.json`, trigger → email → exit, recorded here on the code
// before it when absent) still replay (journey-run-replay.test.ts). The run here exits after a
// wait: after an email the send writes the exit (WORKER_LEAN_PATCH, worker-lean.test.ts).
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";

const HISTORY_FILE = fileURLToPath(new URL("./histories/journey-run-exit-v1.json", import.meta.url));

describe("ending a run at the exit node", () => {
  temporalWorkersTest(
    "trigger → wait → exit: three steps logged, the run completed, the exit in one local activity",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId } = await createContactFixture(db, workspaceId);
      const run = await createRunFixture(db, {
        workspaceId,
        contactId,
        plan: buildLinearPlan([{ kind: "wait", durationMs: 1 }, { kind: "exit" }]),
      });
      const handle = await workers.startRun(run.input, run.workflowId);
      expect(await handle.result()).toEqual({ status: "completed" });

      const steps = await findRunSteps(db, run.runId);
      expect(steps.map((step) => [step.seq, step.nodeId, step.outcome])).toEqual([
        [0, "trigger", "entered"],
        [1, "wait-1", "waiting"],
        [2, "exit-2", "exited"],
      ]);
      expect(await findRunById(db, run.runId)).toMatchObject({
        status: "completed",
        currentNodeId: null,
        endReason: null,
        endedAt: expect.any(Date),
      });

      const history = await handle.fetchHistory();
      if (!existsSync(HISTORY_FILE)) writeFileSync(HISTORY_FILE, `${historyToJSON(history)}\n`);
      // Entry, the wait's step, and the exit step with the run's end (before the patch: four).
      const markers = (history.events ?? []).flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? []);
      expect(markers.filter((name) => name === "core_local_activity")).toHaveLength(3);
    },
  );
});
