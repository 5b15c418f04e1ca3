// The send activity records the email step with its hand-off (LEAN_SEND_PATCH): the run's log
// is what it was when the workflow recorded it, with one local activity fewer per email; and a
// history recorded before the patch (`histories/journey-run-send-before-lean.json`, trigger →
// email → exit on the code before it, written here when absent) still replays
// (journey-run-replay.test.ts). Since WORKER_LEAN_PATCH the send also writes the exit after the
// email and the run's end; that run's history is `histories/journey-run-worker-lean-v1.json`
// (written here when absent). worker-lean.test.ts has the plans that keep the exit in the workflow.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
  suppressAddressFixture,
} from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";

const HISTORY_FILE = fileURLToPath(new URL("./histories/journey-run-send-before-lean.json", import.meta.url));
const LEAN_HISTORY_FILE = fileURLToPath(new URL("./histories/journey-run-worker-lean-v1.json", import.meta.url));

describe("the email step recorded by the send (LEAN_SEND_PATCH)", () => {
  temporalWorkersTest(
    "trigger → email → exit: the email step logged once by the send, one local activity; a suppressed send logged with why",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId, email } = await createContactFixture(db, workspaceId);
      const { templateId } = await createTemplateFixture(db, workspaceId);
      const run = await createRunFixture(db, {
        workspaceId,
        contactId,
        plan: buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]),
      });
      const handle = await workers.startRun(run.input, run.workflowId);
      expect(await handle.result()).toEqual({ status: "completed" });
      const history = await handle.fetchHistory();
      if (!existsSync(HISTORY_FILE)) writeFileSync(HISTORY_FILE, `${historyToJSON(history)}\n`);
      if (!existsSync(LEAN_HISTORY_FILE)) writeFileSync(LEAN_HISTORY_FILE, `${historyToJSON(history)}\n`);

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
      // The entry only: the email's step came with the send, the exit's with it (WORKER_LEAN_PATCH).
      const markers = (history.events ?? []).flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? []);
      expect(markers.filter((name) => name === "core_local_activity")).toHaveLength(1);

      // A suppressed send is recorded by the activity too, with its reason, and the run goes on.
      if (!email) throw new Error("the contact fixture has an address");
      await suppressAddressFixture(db, workspaceId, email);
      const second = await createRunFixture(db, {
        workspaceId,
        contactId,
        plan: buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]),
      });
      await (await workers.startRun(second.input, second.workflowId)).result();
      expect(
        (await findRunSteps(db, second.runId)).map((step) => [step.seq, step.outcome, step.detail.reason]),
      ).toEqual([
        [0, "entered", undefined],
        [1, "suppressed", "address suppressed (manual)"],
        [2, "exited", undefined],
      ]);
      expect(await findRunById(db, second.runId)).toMatchObject({ status: "completed", currentNodeId: null });
    },
  );
});
