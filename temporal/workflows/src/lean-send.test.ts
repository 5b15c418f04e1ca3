// The send activity records the email step with its hand-off (LEAN_SEND_PATCH): the run's log
// is what it was when the workflow recorded it, with one local activity fewer per email; and a
// history recorded before the patch (`histories/journey-run-send-before-lean.json`, trigger →
// email → exit on the code before it, written here when absent) still replays
// (journey-run-replay.test.ts).
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { createRunFixture, suppressAddressFixture } from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";
import { runEmailThenExit } from "./email-run-fixtures";

describe("the email step recorded by the send (LEAN_SEND_PATCH)", () => {
  temporalWorkersTest(
    "trigger → email → exit: the email step logged once by the send, two local activities; a suppressed send logged with why",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId, contactId, email, templateId, plan, run, steps, localActivities } = await runEmailThenExit(
        workers,
        "journey-run-send-before-lean.json",
      );
      expect(steps[1]?.detail).toEqual({ templateId, messageId: expect.any(String) });
      expect(await findRunById(db, run.runId)).toMatchObject({ status: "completed", currentNodeId: null });
      // The entry, and the exit step with the run's end; the email's step came with the send.
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
    },
  );
});
