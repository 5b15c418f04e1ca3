// The exit right after an email is written by the send (WORKER_LEAN_PATCH): the email step, the
// exit step and the run's end commit with the hand-off, so a trigger → email → exit run needs no
// local activity after its send. The run's log is what it was before; a history recorded before
// the patch (`histories/journey-run-exit-after-send-v1.json`, trigger → email → exit on the code
// before it, written here when absent) still replays (journey-run-replay.test.ts), and so does one
// of the lean path (`journey-run-worker-lean-v1.json`, written here when absent on the code after).
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import type { WorkflowHandle } from "@temporalio/client";
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import type { Plan } from "@mailstream/journey/plan";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
  suppressAddressFixture,
} from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";

const HISTORY_FILE = fileURLToPath(new URL("./histories/journey-run-exit-after-send-v1.json", import.meta.url));
const LEAN_HISTORY_FILE = fileURLToPath(new URL("./histories/journey-run-worker-lean-v1.json", import.meta.url));

function localActivities(history: Awaited<ReturnType<WorkflowHandle["fetchHistory"]>>): number {
  const markers = (history.events ?? []).flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? []);
  return markers.filter((name) => name === "core_local_activity").length;
}

describe("the exit after an email written by the send (WORKER_LEAN_PATCH)", () => {
  temporalWorkersTest(
    "trigger → email → exit: both steps and the run's end come with the send, no local activity after it",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId, email } = await createContactFixture(db, workspaceId);
      const { templateId } = await createTemplateFixture(db, workspaceId);
      const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
      const run = await createRunFixture(db, { workspaceId, contactId, plan });
      const handle = await workers.startRun({ ...run.input, entryRecorded: false }, run.workflowId);
      expect(await handle.result()).toEqual({ status: "completed" });
      const history = await handle.fetchHistory();
      if (!existsSync(HISTORY_FILE)) writeFileSync(HISTORY_FILE, `${historyToJSON(history)}\n`);
      else if (!existsSync(LEAN_HISTORY_FILE)) writeFileSync(LEAN_HISTORY_FILE, `${historyToJSON(history)}\n`);

      const steps = await findRunSteps(db, run.runId);
      expect(steps.map((step) => [step.seq, step.nodeId, step.outcome])).toEqual([
        [0, "trigger", "entered"],
        [1, "email-1", "sent"],
        [2, "exit-2", "exited"],
      ]);
      expect(steps[1]?.detail).toEqual({ templateId, messageId: expect.any(String) });
      expect(await findRunById(db, run.runId)).toMatchObject({
        status: "completed",
        currentNodeId: null,
        endReason: null,
        endedAt: expect.any(Date),
      });
      // Only the entry (the fixture's run was not entered by a dispatcher) is a local activity.
      expect(localActivities(history)).toBe(1);

      // A suppressed send ends the run the same way, its step saying why.
      if (!email) throw new Error("the contact fixture has an address");
      await suppressAddressFixture(db, workspaceId, email);
      const second = await createRunFixture(db, { workspaceId, contactId, plan });
      const secondHandle = await workers.startRun({ ...second.input, entryRecorded: false }, second.workflowId);
      expect(await secondHandle.result()).toEqual({ status: "completed" });
      expect(
        (await findRunSteps(db, second.runId)).map((step) => [step.seq, step.outcome, step.detail.reason]),
      ).toEqual([
        [0, "entered", undefined],
        [1, "suppressed", "address suppressed (manual)"],
        [2, "exited", undefined],
      ]);
      expect(await findRunById(db, second.runId)).toMatchObject({ status: "completed", currentNodeId: null });
      expect(localActivities(await secondHandle.fetchHistory())).toBe(1);
    },
  );

  temporalWorkersTest(
    "a journey with a goal keeps the exit in the workflow: a conversion during the last send still counts",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId } = await createContactFixture(db, workspaceId);
      const { templateId } = await createTemplateFixture(db, workspaceId);
      const linear = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
      const plan: Plan = {
        ...linear,
        settings: {
          goal: { event: "purchased", filters: [], windowMs: 86_400_000 },
          exitCriteria: [],
          quietHours: null,
          frequencyCap: null,
          timeZone: "UTC",
        },
      };
      const run = await createRunFixture(db, { workspaceId, contactId, plan });
      const handle = await workers.startRun({ ...run.input, entryRecorded: false }, run.workflowId);
      expect(await handle.result()).toEqual({ status: "completed" });
      const steps = await findRunSteps(db, run.runId);
      expect(steps.map((step) => step.outcome)).toEqual(["entered", "sent", "exited"]);
      // The entry and the exit's own local activity: the send did not end the run.
      expect(localActivities(await handle.fetchHistory())).toBe(2);
    },
  );
});
