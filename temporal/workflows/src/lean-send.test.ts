// The send activity records the email step with its hand-off (LEAN_SEND_PATCH): the run's log
// is what it was when the workflow recorded it, with one local activity fewer per email; and a
// history recorded before the patch (`histories/journey-run-send-before-lean.json`, trigger →
// email → exit on the code before it, written here when absent) still replays
// (journey-run-replay.test.ts). Since WORKER_LEAN_PATCH the send also writes the exit after the
// email and the run's end; that run's history is `histories/journey-run-worker-lean-v1.json`
// (written here when absent). worker-lean.test.ts has the plans that keep the exit in the workflow.
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { createRunFixture, suppressAddressFixture } from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";
import { runEmailThenExit } from "./email-run-fixtures";

describe("the email step recorded by the send (LEAN_SEND_PATCH)", () => {
  temporalWorkersTest(
    "trigger → email → exit: the email step logged once by the send, one local activity; a suppressed send logged with why",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId, contactId, email, templateId, plan, run, steps, localActivities } = await runEmailThenExit(
        workers,
        ["journey-run-send-before-lean.json", "journey-run-worker-lean-v1.json"],
      );
      expect(steps[1]?.detail).toEqual({ templateId, messageId: expect.any(String) });
      expect(await findRunById(db, run.runId)).toMatchObject({
        status: "completed",
        currentNodeId: null,
        endReason: null,
        endedAt: expect.any(Date),
      });
      // The entry and the send itself (SEND_LOCAL_PATCH): the email's step came with the send, the
      // exit's with it (WORKER_LEAN_PATCH), no local activity of their own.
      expect(localActivities).toBe(2);

      // A suppressed send is recorded by the activity too, with its reason, and the run goes on.
      if (!email) throw new Error("the contact fixture has an address");
      await suppressAddressFixture(db, workspaceId, email);
      const second = await createRunFixture(db, { workspaceId, contactId, plan });
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
