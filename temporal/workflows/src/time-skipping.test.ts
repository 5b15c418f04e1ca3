// Long waits on the time-skipping test server (.tools/bin/temporal-test-server, no Java): a
// 3-day wait in seconds, and a deferral already due because workflow time runs ahead of the
// worker's clock (the skew MIN_DEFERRAL_PATCH guards against), whose history is kept for replay.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { contacts, messages } from "@mailstream/db/schema";
import type { Plan } from "@mailstream/journey/plan";
import {
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
  type RunFixture,
} from "@mailstream/testing/workflow-fixtures";
import { keepHistory, timeSkippingWorkersTest, type TimeSkippingWorkers } from "@mailstream/testing/temporal-workers";

const startRun = (workers: TimeSkippingWorkers, run: RunFixture) => workers.startRun(run.input, run.workflowId);

timeSkippingWorkersTest(
  "waits 3 days, then updates the contact (time skipped)",
  async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const { contactId } = await createContactFixture(db, workspaceId, { traits: { first_name: "Ada" } });
    const plan: Plan = {
      format: 1,
      trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
      entry: "wait",
      steps: {
        wait: { kind: "wait", id: "wait", durationMs: 3 * 86_400_000, next: "update" },
        update: {
          kind: "update_contact",
          id: "update",
          updates: [{ op: "set", trait: "nudged", value: "true", as: "boolean" }],
          next: "exit",
        },
        exit: { kind: "exit", id: "exit" },
      },
    };
    const run = await createRunFixture(db, { workspaceId, contactId, plan });
    // A three-day wait that ends within the test's limit: time was skipped (no wall-clock bound).
    expect(await (await startRun(workers, run)).result()).toEqual({ status: "completed" });
    expect((await findRunSteps(db, run.runId)).map((step) => [step.nodeId, step.outcome])).toEqual([
      ["trigger", "entered"],
      ["wait", "waiting"],
      ["update", "updated"],
      ["exit", "exited"],
    ]);
    const [row] = await db.select({ traits: contacts.traits }).from(contacts).where(eq(contacts.id, contactId));
    expect(row?.traits).toEqual({ first_name: "Ada", nudged: true });
  },
  60_000,
);

timeSkippingWorkersTest(
  "sleeps at least the minimum before asking again when a deferral is already due in workflow time",
  async ({ workers }) => {
    const { db } = workers;
    // Workflow time one hour ahead of the worker's clock: every `until` the send activity
    // returns is already past when the workflow sees it.
    await workers.env.sleep("1 hour");
    const { workspaceId } = await createWorkspaceFixture(db);
    const { contactId } = await createContactFixture(db, workspaceId);
    const { templateId } = await createTemplateFixture(db, workspaceId);
    const plan: Plan = {
      format: 1,
      trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
      settings: {
        goal: null,
        exitCriteria: [],
        quietHours: null,
        frequencyCap: { maxEmails: 1, periodMs: 1_500 },
        timeZone: "UTC",
      },
      entry: "first",
      steps: {
        first: { kind: "email", id: "first", templateId, next: "second" },
        second: { kind: "email", id: "second", templateId, next: "exit" },
        exit: { kind: "exit", id: "exit" },
      },
    };
    const run = await createRunFixture(db, { workspaceId, contactId, plan });
    // Not `result()`: that unlocks time skipping, and the 1 s minimum must pass in real time here.
    const handle = await startRun(workers, run);
    const deadline = Date.now() + 30_000;
    while ((await findRunById(db, run.runId))?.status === "active" && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));

    const steps = await findRunSteps(db, run.runId);
    const outcomes = steps.map((step) => `${step.nodeId}:${step.outcome}`);
    expect(outcomes.slice(0, 3)).toEqual(["trigger:entered", "first:sent", "second:deferred"]);
    expect(outcomes.slice(-2)).toEqual(["second:sent", "exit:exited"]);
    // Without the minimum the run asks again at once: dozens of deferrals within the 1.5 s window.
    const deferrals = steps.filter((step) => step.outcome === "deferred");
    expect(deferrals.length).toBeLessThanOrEqual(2);
    expect(Date.parse(String(deferrals[0]?.detail.until))).toBeLessThan((await handle.describe()).startTime.getTime());
    expect(
      (await db.select().from(messages).where(eq(messages.runId, run.runId))).map((message) => message.status),
    ).toEqual(["sent", "sent"]);

    await keepHistory(handle, "journey-run-min-deferral.json");
  },
  60_000,
);
