// Checks that a paused run holds at the step boundary after its wait, without racing a timer:
// the test's run waits for an event (buildLinearGraph's `untilEvent` wait), the test pauses it,
// then sends the event and calls this. Whatever the machine's speed, the wait ends only then.
import type { Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { progressQuery } from "@mailstream/temporal-contracts";
import { expect } from "vitest";
import { waitFor } from "./workspace-fixtures";

/**
 * Waits for the run's until-event wait `waitNodeId` to record its `matched` step, then expects
 * the run to hold there, paused. The progress query is answered after the workflow task that
 * ended the wait, so a run that did not hold would already be past the wait (or finished).
 */
export async function expectHeldAfterWait(
  deps: { db: Db; temporal: Client },
  run: { runId: string; workflowId: string },
  waitNodeId: string,
): Promise<void> {
  const isMatched = (step: { nodeId: string; outcome: string } | undefined) =>
    step?.nodeId === waitNodeId && step.outcome === "matched";
  await waitFor(`wait ${waitNodeId} to end on its event`, async () =>
    (await findRunSteps(deps.db, run.runId)).some(isMatched),
  );
  const progress = await deps.temporal.workflow.getHandle(run.workflowId).query(progressQuery);
  expect(progress).toEqual({ currentNodeId: waitNodeId, status: "active", isPaused: true });
  // Nothing after the wait in the step log either.
  expect(isMatched((await findRunSteps(deps.db, run.runId)).at(-1))).toBe(true);
}
