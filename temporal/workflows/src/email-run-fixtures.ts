// Set-up of the workflow tests over one trigger → email → exit run (lean-send): a fresh workspace, contact and template, the run to completion, its history
// kept as a golden file when absent (for journey-run-replay.test.ts), and its three steps.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import type { TestWorkers } from "@mailstream/testing/temporal-workers";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";

/**
 * Runs trigger → email → exit to completion and checks its log (entered, sent, exited); writes
 * the history to each of `histories/<historyFiles>` that is absent (delete one to re-record it).
 */
export async function runEmailThenExit(workers: TestWorkers, historyFiles: readonly string[]) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId, email } = await createContactFixture(db, workspaceId);
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const run = await createRunFixture(db, { workspaceId, contactId, plan });
  const handle = await workers.startRun(run.input, run.workflowId);
  expect(await handle.result()).toEqual({ status: "completed" });
  const history = await handle.fetchHistory();
  for (const historyFile of historyFiles) {
    const target = fileURLToPath(new URL(`./histories/${historyFile}`, import.meta.url));
    if (!existsSync(target)) writeFileSync(target, `${historyToJSON(history)}\n`);
  }

  const steps = await findRunSteps(db, run.runId);
  expect(steps.map((step) => [step.seq, step.nodeId, step.outcome])).toEqual([
    [0, "trigger", "entered"],
    [1, "email-1", "sent"],
    [2, "exit-2", "exited"],
  ]);
  const markers = (history.events ?? []).flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? []);
  const localActivities = markers.filter((name) => name === "core_local_activity").length;
  return { workspaceId, contactId, email, templateId, plan, run, steps, localActivities };
}
