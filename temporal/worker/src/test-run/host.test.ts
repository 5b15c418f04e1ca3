// Test runs end to end on the worker side: the production journeyRun and activities on the
// host's own time-skipping server, the scratch workspace, the recorders. Each test owns its
// workspace; the host (one server, reused) is shared by the file, as in a worker process.
import { eq, like } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { messages, workspaces } from "@mailstream/db/schema";
import { SCRATCH_SLUG_PREFIX } from "@mailstream/db/queries/scratch-workspaces";

import {
  createRecordingTransport,
  installQuietRuntime,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
  TEST_SERVER_PATH,
} from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import { createTemplateFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import type { JourneyTestRunInput, Plan, ScriptEvent, TestRunTimeline } from "@mailstream/temporal-contracts/test-runs";
import { createTestRunHost } from "./host";

installQuietRuntime();
const { db, pool } = createDb(testEnv().databaseUrl);
/** The env transport "Send the path to me" falls back to (the outbox, recorded). */
const delivered = createRecordingTransport();
const host = createTestRunHost({
  db,
  workflowSource: { workflowBundle: { codePath: testEnv().workflowBundlePath } },
  serverPath: TEST_SERVER_PATH,
  defaultFrom: TEST_DEFAULT_FROM,
  publicUrl: TEST_PUBLIC_URL,
  transport: delivered.transport,
});
afterAll(async () => {
  await host.close();
  await pool.end();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const trigger = { nodeId: "trigger", event: "signed_up", filters: [] };

async function runTest(
  workspaceId: string,
  plan: Plan,
  events: ScriptEvent[],
  traits: Record<string, unknown> = { first_name: "Ada", plan: "pro" },
  deliverTo?: string,
) {
  const input: JourneyTestRunInput = {
    testId: crypto.randomUUID(),
    workspaceId,
    journeyId: crypto.randomUUID(),
    journeyName: "Welcome",
    plan,
    contact: { email: "ada@mailstream.test", traits },
    events,
    ...(deliverTo ? { deliverTo } : {}),
  };
  const result = await host.run(input);
  if (!result.ok) throw new Error(result.reason);
  return result.timeline;
}

const at = (event: string, atMs: number, properties: Record<string, unknown> = {}): ScriptEvent => ({
  event,
  atMs,
  properties,
});
const path = (timeline: TestRunTimeline) => timeline.steps.map((step) => `${step.nodeId}:${step.outcome}`);

async function waitForPurchasePlan(workspaceId: string): Promise<Plan> {
  const { templateId: thanks } = await createTemplateFixture(db, workspaceId, {
    subject: "Thanks, {{ contact.first_name }}",
  });
  const { templateId: nudge } = await createTemplateFixture(db, workspaceId, {
    subject: "Still thinking, {{ contact.first_name }}?",
  });
  return {
    format: 1,
    trigger,
    entry: "wait",
    steps: {
      wait: {
        kind: "wait_until_event",
        id: "wait",
        event: "purchase",
        filters: [],
        matchOnEntryKey: false,
        timeoutMs: 2 * DAY,
        matched: "thanks",
        timedOut: "nudge",
      },
      thanks: { kind: "email", id: "thanks", templateId: thanks, next: null },
      nudge: { kind: "email", id: "nudge", templateId: nudge, next: null },
    },
  };
}

describe("test runs", () => {
  it("matches a scripted event at its virtual time, renders the email and leaves nothing behind", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const plan = await waitForPurchasePlan(workspaceId);
    const timeline = await runTest(workspaceId, plan, [at("signed_up", 0), at("purchase", 2 * HOUR, { total: 30 })]);

    expect(timeline.status).toBe("completed");
    expect(path(timeline)).toEqual(["trigger:entered", "wait:waiting", "wait:matched", "thanks:sent"]);
    const matched = timeline.steps[2];
    expect(matched?.offsetMs).toBeGreaterThanOrEqual(2 * HOUR);
    expect(matched?.offsetMs).toBeLessThan(2 * HOUR + 60_000);
    expect(matched?.detail).toMatchObject({ event: "purchase" });
    expect(timeline.emails).toHaveLength(1);
    expect(timeline.emails[0]).toMatchObject({ nodeId: "thanks", to: "ada@mailstream.test", subject: "Thanks, Ada" });
    expect(timeline.events.map((event) => [event.event, event.offsetMs])).toEqual([
      ["signed_up", 0],
      ["purchase", expect.any(Number)],
    ]);
    // Nothing written to the real workspace; the scratch workspace is gone.
    expect(await db.select().from(messages).where(eq(messages.workspaceId, workspaceId))).toEqual([]);
    expect(
      await db
        .select()
        .from(workspaces)
        .where(like(workspaces.slug, `${SCRATCH_SLUG_PREFIX}%`)),
    ).toEqual([]);
  }, 60_000);

  it("times a wait out after its full virtual length when the event never comes", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const plan = await waitForPurchasePlan(workspaceId);
    const timeline = await runTest(workspaceId, plan, [at("signed_up", 0)]);

    expect(path(timeline)).toEqual(["trigger:entered", "wait:waiting", "wait:timed_out", "nudge:sent"]);
    expect(timeline.steps[1]?.detail).toMatchObject({ resumesAt: expect.any(String) });
    expect(timeline.steps[2]?.offsetMs).toBeGreaterThanOrEqual(2 * DAY);
    expect(timeline.emails.map((email) => email.subject)).toEqual(["Still thinking, Ada?"]);
  }, 60_000);

  it("records each branch decision with its inputs, and webhooks as requests never made", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const plan: Plan = {
      format: 1,
      trigger,
      entry: "branch",
      steps: {
        branch: {
          kind: "branch",
          id: "branch",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] }],
          },
          yes: "hook",
          no: null,
        },
        hook: {
          kind: "webhook",
          id: "hook",
          method: "POST",
          // A private address: a real call would be refused; the recorder only keeps the request.
          url: "http://10.0.0.1/crm",
          headers: [{ name: "X-Source", value: "mailstream" }],
          body: '{"who":"{{ contact.first_name }}"}',
          next: null,
        },
      },
    };
    const pro = await runTest(workspaceId, plan, [at("signed_up", 0)]);
    expect(path(pro)).toEqual(["trigger:entered", "branch:yes", "hook:called"]);
    expect(pro.steps[1]?.detail).toEqual({ predicates: [{ type: "trait", result: true, input: "pro" }] });
    expect(pro.webhooks).toEqual([
      expect.objectContaining({
        nodeId: "hook",
        method: "POST",
        url: "http://10.0.0.1/crm",
        body: '{"who":"Ada"}',
        headers: expect.objectContaining({ "x-source": "mailstream" }),
      }),
    ]);

    const free = await runTest(workspaceId, plan, [at("signed_up", 0)], { first_name: "Bo", plan: "free" });
    expect(path(free)).toEqual(["trigger:entered", "branch:no"]);
    expect(free.webhooks).toEqual([]);
  }, 60_000);

  it("defers a send in quiet hours until they end, in virtual time", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { templateId } = await createTemplateFixture(db, workspaceId);
    // Quiet all day but the last minute (the server's virtual clock is ahead of the wall clock by
    // whatever earlier tests skipped, so the window cannot be placed around "now").
    const plan: Plan = {
      format: 1,
      trigger,
      settings: {
        goal: null,
        exitCriteria: [],
        quietHours: { start: "00:00", end: "23:59" },
        frequencyCap: null,
        timeZone: "UTC",
      },
      entry: "email",
      steps: { email: { kind: "email", id: "email", templateId, next: null } },
    };
    const timeline = await runTest(workspaceId, plan, [at("signed_up", 0)]);
    expect(path(timeline)).toEqual(["trigger:entered", "email:deferred", "email:sent"]);
    expect(timeline.steps[1]?.detail).toMatchObject({ rule: "quiet_hours" });
    const sentAt = new Date(timeline.emails[0]?.at ?? "");
    expect([sentAt.getUTCHours(), sentAt.getUTCMinutes()]).toEqual([23, 59]);
    expect(timeline.emails[0]?.offsetMs).toBeGreaterThan(0);
  }, 60_000);

  it("ends on the goal wherever the run is", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { templateId } = await createTemplateFixture(db, workspaceId);
    const plan: Plan = {
      format: 1,
      trigger,
      settings: {
        goal: { event: "purchase", filters: [], windowMs: 7 * DAY },
        exitCriteria: [],
        quietHours: null,
        frequencyCap: null,
        timeZone: "UTC",
      },
      entry: "wait",
      steps: {
        wait: { kind: "wait", id: "wait", durationMs: 3 * DAY, next: "email" },
        email: { kind: "email", id: "email", templateId, next: null },
      },
    };
    const timeline = await runTest(workspaceId, plan, [at("signed_up", 0), at("purchase", DAY)]);
    expect(timeline.status).toBe("completed");
    expect(path(timeline)).toEqual(["trigger:entered", "wait:waiting", "$goal:converted"]);
    expect(timeline.steps[2]?.offsetMs).toBeGreaterThanOrEqual(DAY);
    expect(timeline.steps[2]?.offsetMs).toBeLessThan(2 * DAY);
    expect(timeline.emails).toEqual([]);
  }, 60_000);

  it("sends the path to the tester: every email, in order, marked as a test, counted nowhere", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { templateId: first } = await createTemplateFixture(db, workspaceId, { subject: "First" });
    const { templateId: second } = await createTemplateFixture(db, workspaceId, { subject: "Second" });
    const plan: Plan = {
      format: 1,
      trigger,
      entry: "one",
      steps: {
        one: { kind: "email", id: "one", templateId: first, next: "wait" },
        wait: { kind: "wait", id: "wait", durationMs: DAY, next: "two" },
        two: { kind: "email", id: "two", templateId: second, next: null },
      },
    };
    const before = delivered.sent.length;
    const timeline = await runTest(workspaceId, plan, [at("signed_up", 0)], undefined, "tester@mailstream.test");

    expect(timeline.delivered).toEqual({ to: "tester@mailstream.test", count: 2 });
    const sent = delivered.sent.slice(before);
    expect(sent.map((email) => [email.to, email.subject])).toEqual([
      ["tester@mailstream.test", "[Test] First"],
      ["tester@mailstream.test", "[Test] Second"],
    ]);
    expect(sent[0]?.headers).toMatchObject({ "X-Mailstream-Test": "test-run" });
    expect(sent[0]?.headers).not.toHaveProperty("X-Mailstream-Run");
    expect(await db.select().from(messages).where(eq(messages.workspaceId, workspaceId))).toEqual([]);
  }, 60_000);

  it("answers a ten-step journey with a two-day wait in seconds (figure printed, not asserted)", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { templateId } = await createTemplateFixture(db, workspaceId);
    const ids = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);
    const steps: Plan["steps"] = {};
    ids.forEach((id, i) => {
      const next = ids[i + 1] ?? null;
      steps[id] = i === 4 ? { kind: "wait", id, durationMs: 2 * DAY, next } : { kind: "email", id, templateId, next };
    });
    const plan: Plan = { format: 1, trigger, entry: "s1", steps };
    await runTest(workspaceId, plan, [at("signed_up", 0)]); // the first run starts the server
    const started = Date.now();
    const timeline = await runTest(workspaceId, plan, [at("signed_up", 0)]);
    const elapsed = Date.now() - started;
    expect(timeline.emails).toHaveLength(9);
    console.log(`test run, 10 steps with a 2-day wait: ${elapsed} ms (host: ${timeline.elapsedMs} ms)`);
  }, 60_000);
});
