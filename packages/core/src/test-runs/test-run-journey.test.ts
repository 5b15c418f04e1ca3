// `testRunJourney` against the real stack: the script checked before anything runs (each
// problem named by line or entry), then one run through Temporal on this file's workers,
// which host test runs exactly as a worker process does.
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { auditLog, messages } from "@mailstream/db/schema";
import { insertJourney } from "@mailstream/db/queries/journeys";
import { buildWelcomeGraph } from "@mailstream/journey/fixtures";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";
import { createTemplateFixture, createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { AppError } from "../errors/app-error";
import { testRunJourney, type TestRunRequest } from "./test-run-journey";

const test = temporalWorkersTest;

async function draftJourney(workers: TestWorkers) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceWithKeys(db);
  const welcome = await createTemplateFixture(db, workspaceId, "Welcome", "Welcome, {{ contact.first_name }}");
  const gettingStarted = await createTemplateFixture(db, workspaceId, "Getting started", "Next steps");
  const journey = await insertJourney(db, {
    workspaceId,
    name: "Welcome",
    draft: buildWelcomeGraph({ welcome, gettingStarted }, 2 * 24 * 60),
  });
  const run = (request: Partial<TestRunRequest>) =>
    testRunJourney(
      { db, temporal: async () => workers.client, taskQueue: workers.taskQueues.journeys },
      {
        workspaceId,
        journeyId: journey.id,
        source: "draft",
        audit: {
          workspaceId,
          actor: { kind: "user", id: "tester", label: "tester@mailstream.test" },
          sourceAddress: null,
        },
        script: { contact: { email: "ada@mailstream.test", traits: { first_name: "Ada" } } },
        ...request,
      },
    );
  return { workspaceId, journeyId: journey.id, run };
}

async function refusal(promise: Promise<unknown>): Promise<{ message: string; issues: unknown }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return { message: (error as AppError).message, issues: (error as AppError).issues };
}

describe("testRunJourney", () => {
  test("refuses scripts that cannot happen, naming the line, and runs nothing", async ({ workers }) => {
    const { workspaceId, run } = await draftJourney(workers);

    const before = await refusal(run({ lines: "viewed_product at 0\nsigned_up after 1h" }));
    expect(before.issues).toEqual([
      { path: "line 1", message: expect.stringContaining('enters on "signed_up"') },
      { path: "line 1", message: '"viewed_product" is not an event this workspace knows' },
    ]);

    const unknown = await refusal(run({ lines: "signed_up now\n\nbougth after 2h" }));
    expect(unknown.message).toContain('line 3: "bougth" is not an event this workspace knows');

    const backwards = await refusal(run({ lines: "signed_up at 0; signed_up at 2h; signed_up at 1h" }));
    expect(backwards.issues).toEqual([
      { path: "line 1, part 3", message: expect.stringContaining("before the event listed above it") },
    ]);

    const unreadable = await refusal(run({ lines: "signed_up at 0\nsigned_up after forever" }));
    expect(unreadable.issues).toEqual([{ path: "line 2", message: expect.stringContaining('"forever"') }]);

    const tooLate = await refusal(
      run({
        script: {
          contact: { traits: {} },
          events: [
            { event: "signed_up", atMs: 0 },
            { event: "signed_up", atMs: 400 * 86_400_000 },
          ],
        },
      }),
    );
    expect(JSON.stringify(tooLate.issues)).toContain("events[1]");

    const audits = await workers.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "journey.test_run")));
    expect(audits).toEqual([]);
  });

  test("runs the draft with time skipped and returns the timeline; audited, nothing sent", async ({ workers }) => {
    const { workspaceId, journeyId, run } = await draftJourney(workers);
    const timeline = await run({ lines: "signed_up now" });

    expect(timeline.status).toBe("completed");
    expect(timeline.steps.map((step) => `${step.nodeId}:${step.outcome}`)).toEqual([
      "trigger:entered",
      "email-welcome:sent",
      "wait-1:waiting",
      "email-getting-started:sent",
      "exit:exited",
    ]);
    expect(timeline.steps[3]?.offsetMs).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(timeline.emails.map((email) => email.subject)).toEqual(["Welcome, Ada", "Next steps"]);
    expect(await workers.db.select().from(messages).where(eq(messages.workspaceId, workspaceId))).toEqual([]);
    const [audit] = await workers.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "journey.test_run")));
    expect(audit).toMatchObject({ targetId: journeyId });
  }, 60_000);
});
