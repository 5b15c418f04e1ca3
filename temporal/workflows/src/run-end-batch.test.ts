// The exit node records its step and ends the run in one local activity (END_WITH_STEP_PATCH):
// the run's log and row are what they were with two, and histories recorded before the patch
// (`histories/journey-run-exit-v1.json`, trigger → email → exit, recorded here on the code
// before it when absent) still replay (journey-run-replay.test.ts).
import { describe, expect } from "vitest";
import { findRunById } from "@mailstream/db/queries/runs";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";
import { runEmailThenExit } from "./email-run-fixtures";

describe("ending a run at the exit node", () => {
  temporalWorkersTest(
    "trigger → email → exit: three steps logged, the run completed, two local activities",
    async ({ workers }) => {
      const { run, localActivities } = await runEmailThenExit(workers, "journey-run-exit-v1.json");
      expect(await findRunById(workers.db, run.runId)).toMatchObject({
        status: "completed",
        currentNodeId: null,
        endReason: null,
        endedAt: expect.any(Date),
      });
      // Entry, and the exit step with the run's end (before the patch: four; the email's outcome
      // is recorded by the send since LEAN_SEND_PATCH).
      expect(localActivities).toBe(2);
    },
  );
});
