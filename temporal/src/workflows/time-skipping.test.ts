// A 3-day wait on the time-skipping test server (.tools/bin/temporal-test-server, no Java):
// the workflow sleeps three days of workflow time, then updates the contact, in seconds.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { contacts } from "@mailstream/db/schema";
import { createTransport } from "@mailstream/emails/transports";
import type { Plan } from "@mailstream/journey/plan";
import { testEnv } from "@mailstream/runtime/test-env";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "../test-fixtures";
import { installQuietRuntime, TEST_DEFAULT_FROM, TEST_PUBLIC_URL } from "../test-workers";
import { createWorkers, runWorkers, shutdownWorkers } from "../worker";
import type { journeyRun } from "./journey-run";

const SERVER = path.resolve(fileURLToPath(new URL("../../../.tools/bin/temporal-test-server", import.meta.url)));
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  installQuietRuntime();
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: "existing-path", path: SERVER } } });
}, 60_000);
afterAll(async () => {
  await env?.teardown();
});

it("waits 3 days, then updates the contact (time skipped)", async () => {
  const { db } = createDb(testEnv().databaseUrl);
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId, { traits: { first_name: "Ada" } });
  const plan: Plan = {
    format: 1,
    trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
    entry: "wait",
    steps: {
      wait: { kind: "wait", id: "wait", durationMs: 3 * 86_400_000, next: "update" },
      update: { kind: "update_contact", id: "update", updates: [{ op: "set", trait: "nudged", value: "true", as: "boolean" }], next: "exit" },
      exit: { kind: "exit", id: "exit" },
    },
  };
  const run = await createRunFixture(db, { workspaceId, contactId, plan });
  const workers = await createWorkers({
    connection: env.nativeConnection, namespace: env.namespace ?? "default", db, transport: createTransport("outbox"),
    workflowBundle: { codePath: testEnv().workflowBundlePath }, defaultFrom: TEST_DEFAULT_FROM, publicUrl: TEST_PUBLIC_URL,
    emailRatePerSecond: 100, taskQueues: { journeys: "journeys-ts", email: "email-ts" },
  });
  const running = runWorkers(workers);
  try {
    const started = Date.now();
    const result = await env.client.workflow.execute<typeof journeyRun>("journeyRun", {
      taskQueue: "journeys-ts", workflowId: run.workflowId, args: [{ ...run.input, options: { emailTaskQueue: "email-ts" } }],
    });
    expect(result).toEqual({ status: "completed" });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await findRunSteps(db, run.runId)).map((step) => [step.nodeId, step.outcome])).toEqual([
      ["trigger", "entered"], ["wait", "waiting"], ["update", "updated"], ["exit", "exited"],
    ]);
    const [row] = await db.select({ traits: contacts.traits }).from(contacts).where(eq(contacts.id, contactId));
    expect(row?.traits).toEqual({ first_name: "Ada", nudged: true });
  } finally {
    shutdownWorkers(workers);
    await running;
  }
}, 60_000);
