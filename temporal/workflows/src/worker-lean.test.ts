// The exit right after an email is written by the send (WORKER_LEAN_PATCH; lean-send.test.ts has
// trigger → email → exit with no local activity after the send) — except in journeys with a goal
// or exit criteria, whose events arriving during the last send must still end the run their way.
// `histories/journey-run-exit-after-send-v1.json`, the same run on the code before the patch, was
// recorded by this file's first version on ef8f2bf; journey-run-replay.test.ts replays it.
import { describe, expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import type { Plan } from "@mailstream/journey/plan";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";

describe("the exit after an email (WORKER_LEAN_PATCH)", () => {
  temporalWorkersTest(
    "a journey with a goal keeps the exit in the workflow: a conversion during the last send still counts",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId } = await createContactFixture(db, workspaceId);
      const { templateId } = await createTemplateFixture(db, workspaceId);
      const plan: Plan = {
        ...buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]),
        settings: {
          goal: { event: "purchased", filters: [], windowMs: 86_400_000 },
          exitCriteria: [],
          quietHours: null,
          frequencyCap: null,
          timeZone: "UTC",
        },
      };
      const run = await createRunFixture(db, { workspaceId, contactId, plan });
      const handle = await workers.startRun(run.input, run.workflowId);
      expect(await handle.result()).toEqual({ status: "completed" });
      expect((await findRunSteps(db, run.runId)).map((step) => step.outcome)).toEqual(["entered", "sent", "exited"]);
      // The entry, the send (a local activity itself, SEND_LOCAL_PATCH) and the exit's own local
      // activity: the send did not end the run.
      const markers = (await handle.fetchHistory()).events?.flatMap(
        (event) => event.markerRecordedEventAttributes?.markerName ?? [],
      );
      expect(markers?.filter((name) => name === "core_local_activity")).toHaveLength(3);
    },
  );
});
