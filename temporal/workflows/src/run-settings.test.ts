// Journey settings in the running workflow, on the real Temporal dev server and Postgres:
// goal and exit criteria ending runs mid-wait, quiet-hours and frequency-cap deferrals
// (visible, interruptible, retried), pause / resume, and the state continue-as-new carries.
// Durations are seconds; the histories of two runs are kept for the replay test.
import { randomUUID } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import type { WorkflowHandle } from "@temporalio/client";
import { Worker } from "@temporalio/worker";
import { asc, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { messages } from "@mailstream/db/schema";
import type { Plan, PlanSettings, PlanStep } from "@mailstream/journey/plan";
import { testEnv } from "@mailstream/testing/test-env";
import { eventReceivedSignal, exitRunSignal, progressQuery, setPausedSignal } from "@mailstream/temporal-contracts";
import {
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { expectHeldAfterWait } from "@mailstream/testing/held-run";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

const NO_SETTINGS: PlanSettings = {
  goal: null,
  exitCriteria: [],
  quietHours: null,
  frequencyCap: null,
  timeZone: "UTC",
};

function plan(entry: string, steps: PlanStep[], settings: Partial<PlanSettings>): Plan {
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "added_to_cart", filters: [] },
    settings: { ...NO_SETTINGS, ...settings },
    entry,
    steps: Object.fromEntries(steps.map((step) => [step.id, step])),
  };
}
const exit = (id = "exit"): PlanStep => ({ kind: "exit", id });
const email = (templateId: string, next = "exit"): PlanStep => ({ kind: "email", id: "email", templateId, next });
/** Step `wait`: until the contact's `checkout` event, or an hour. */
const waitUntilCheckout = (outlets: { matched: string; timedOut: string }): PlanStep => ({
  kind: "wait_until_event",
  id: "wait",
  event: "checkout",
  filters: [],
  matchOnEntryKey: false,
  timeoutMs: 3_600_000,
  ...outlets,
});

async function setUp(workers: TestWorkers, traits: Record<string, unknown> = {}) {
  const { workspaceId } = await createWorkspaceFixture(workers.db);
  const contact = await createContactFixture(workers.db, workspaceId, { traits: { first_name: "Ada", ...traits } });
  const { templateId } = await createTemplateFixture(workers.db, workspaceId);
  return { workspaceId, ...contact, templateId };
}

async function start(
  workers: TestWorkers,
  p: Plan,
  who: { workspaceId: string; contactId: string },
  options: { stepsPerHistory?: number } = {},
) {
  const run = await createRunFixture(workers.db, { workspaceId: who.workspaceId, contactId: who.contactId, plan: p });
  const handle = await workers.startRun(run.input, run.workflowId, options);
  return { ...run, handle };
}

const stepLog = async (workers: TestWorkers, runId: string) =>
  (await findRunSteps(workers.db, runId)).map((step) => [step.nodeId, step.outcome]);

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const reaches = (workers: TestWorkers, runId: string, nodeId: string, outcome: string) => async () =>
  (await stepLog(workers, runId)).some(([node, out]) => node === nodeId && out === outcome);

function event(name: string, properties: Record<string, unknown> = {}, timestamp = new Date().toISOString()) {
  return { eventId: randomUUID(), event: name, properties, timestamp };
}

/** Keeps the first recorded history of a new-behaviour run for journey-run-replay.test.ts. */
async function keepHistory(handle: WorkflowHandle, workflowId: string, file: string): Promise<void> {
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, history, workflowId);
  const path = fileURLToPath(new URL(`./histories/${file}`, import.meta.url));
  if (!existsSync(path)) writeFileSync(path, `${historyToJSON(history)}\n`);
}

describe("goal and exit criteria", () => {
  temporalWorkersTest("ends the run as converted when the goal event arrives mid-wait", async ({ workers }) => {
    const who = await setUp(workers);
    const p = plan(
      "wait",
      [{ kind: "wait", id: "wait", durationMs: 3_600_000, next: "email" }, email(who.templateId), exit()],
      {
        goal: { event: "purchase", filters: [{ path: "properties.total", op: "gt", value: 10 }], windowMs: 86_400_000 },
      },
    );
    const run = await start(workers, p, who);
    await waitFor(reaches(workers, run.runId, "wait", "waiting"));
    await run.handle.signal(eventReceivedSignal, event("purchase", { total: 5 })); // filtered out
    const goal = event("purchase", { total: 50 });
    await run.handle.signal(eventReceivedSignal, goal);

    expect(await run.handle.result()).toEqual({ status: "completed", reason: "goal" });
    expect(await stepLog(workers, run.runId)).toEqual([
      ["trigger", "entered"],
      ["wait", "waiting"],
      ["$goal", "converted"],
    ]);
    const row = await findRunById(workers.db, run.runId);
    expect(row).toMatchObject({ status: "completed", endReason: "goal", convertedAt: new Date(goal.timestamp) });
    await keepHistory(run.handle, run.workflowId, "journey-run-settings-goal.json");
  });

  temporalWorkersTest("ignores a goal event from before entry or after the window", async ({ workers }) => {
    const who = await setUp(workers);
    const p = plan("wait", [{ kind: "wait", id: "wait", durationMs: 1_500, next: "exit" }, exit()], {
      goal: { event: "purchase", filters: [], windowMs: 60_000 },
    });
    const run = await start(workers, p, who);
    await waitFor(reaches(workers, run.runId, "wait", "waiting"));
    await run.handle.signal(eventReceivedSignal, event("purchase", {}, new Date(Date.now() - 3_600_000).toISOString()));
    await run.handle.signal(eventReceivedSignal, event("purchase", {}, new Date(Date.now() + 3_600_000).toISOString()));
    expect(await run.handle.result()).toEqual({ status: "completed" });
    expect((await findRunById(workers.db, run.runId))?.convertedAt).toBeNull();
  });

  temporalWorkersTest(
    "exits on an exit criterion during an until-event wait, naming the criterion",
    async ({ workers }) => {
      const who = await setUp(workers);
      const p = plan("wait", [waitUntilCheckout({ matched: "exit", timedOut: "exit" }), exit()], {
        exitCriteria: [{ event: "unsubscribed", filters: [] }],
      });
      const run = await start(workers, p, who);
      await waitFor(reaches(workers, run.runId, "wait", "waiting"));
      await run.handle.signal(eventReceivedSignal, event("unsubscribed"));
      expect(await run.handle.result()).toEqual({ status: "exited", reason: 'exit criterion "unsubscribed"' });
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["$exit_criterion", "exited"],
      ]);
      expect(await findRunById(workers.db, run.runId)).toMatchObject({
        status: "exited",
        endReason: 'exit criterion "unsubscribed"',
        convertedAt: null,
      });
    },
  );
});

describe("deferred sends", () => {
  temporalWorkersTest(
    "defers a send inside quiet hours (contact's zone) until they end; the goal cuts the sleep short",
    async ({ workers }) => {
      const who = await setUp(workers, { timezone: "Asia/Tokyo" });
      const hour = (offset: number) =>
        new Intl.DateTimeFormat("en-GB", {
          timeZone: "Asia/Tokyo",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        }).format(Date.now() + offset);
      const quietHours = { start: hour(-3_600_000), end: hour(3_600_000) };
      const p = plan("email", [email(who.templateId), exit()], {
        quietHours,
        timeZone: "UTC",
        goal: { event: "purchase", filters: [], windowMs: 86_400_000 },
      });
      const run = await start(workers, p, who);
      await waitFor(reaches(workers, run.runId, "email", "deferred"));
      const [, deferred] = await findRunSteps(workers.db, run.runId);
      expect(deferred?.detail).toMatchObject({
        rule: "quiet_hours",
        reason: `quiet hours ${quietHours.start}–${quietHours.end} (Asia/Tokyo)`,
      });
      const until = Date.parse(String(deferred?.detail.until));
      expect(until - Date.now()).toBeGreaterThan(58 * 60_000);
      expect(until - Date.now()).toBeLessThan(61 * 60_000);

      await run.handle.signal(eventReceivedSignal, event("purchase"));
      expect(await run.handle.result()).toEqual({ status: "completed", reason: "goal" });
      expect(await workers.db.select().from(messages).where(eq(messages.runId, run.runId))).toEqual([]);
    },
  );

  temporalWorkersTest(
    "caps sends across journeys: the second run of one contact is deferred, then sends when a slot opens",
    async ({ workers }) => {
      const who = await setUp(workers);
      const p = plan("email", [email(who.templateId), exit()], { frequencyCap: { maxEmails: 1, periodMs: 3_000 } });
      const [a, b] = await Promise.all([start(workers, p, who), start(workers, p, who)]);
      expect(await a?.handle.result()).toEqual({ status: "completed" });
      expect(await b?.handle.result()).toEqual({ status: "completed" });
      const logs = [await stepLog(workers, a?.runId ?? ""), await stepLog(workers, b?.runId ?? "")];
      const direct = [
        ["trigger", "entered"],
        ["email", "sent"],
        ["exit", "exited"],
      ];
      const deferred = [
        ["trigger", "entered"],
        ["email", "deferred"],
        ["email", "sent"],
        ["exit", "exited"],
      ];
      expect(logs).toEqual(expect.arrayContaining([direct, deferred]));

      const sent = await workers.db
        .select()
        .from(messages)
        .where(eq(messages.contactId, who.contactId))
        .orderBy(asc(messages.createdAt));
      expect(sent.map((message) => message.status)).toEqual(["sent", "sent"]);
      expect((sent[1]?.createdAt.getTime() ?? 0) - (sent[0]?.createdAt.getTime() ?? 0)).toBeGreaterThanOrEqual(2_900);
      const late = logs[0]?.length === 4 ? a : b;
      if (late) await keepHistory(late.handle, late.workflowId, "journey-run-settings-deferred.json");
    },
  );

  temporalWorkersTest("sends transactional email regardless of quiet hours", async ({ workers }) => {
    const who = await setUp(workers);
    const p = plan(
      "email",
      [{ kind: "email", id: "email", templateId: who.templateId, transactional: true, next: "exit" }, exit()],
      {
        quietHours: { start: "00:00", end: "23:59" },
      },
    );
    const run = await start(workers, p, who);
    expect(await run.handle.result()).toEqual({ status: "completed" });
    expect(await stepLog(workers, run.runId)).toEqual([
      ["trigger", "entered"],
      ["email", "sent"],
      ["exit", "exited"],
    ]);
  });
});

describe("pause", () => {
  temporalWorkersTest(
    "finishes the current wait, holds at the step boundary, and resumes on un-pause",
    async ({ workers }) => {
      const who = await setUp(workers);
      // The wait ends on an event the test sends once the pause is in: no timer to race.
      const p = plan(
        "wait",
        [waitUntilCheckout({ matched: "email", timedOut: "exit" }), email(who.templateId), exit()],
        {},
      );
      const run = await start(workers, p, who);
      await waitFor(reaches(workers, run.runId, "wait", "waiting"));
      await run.handle.signal(setPausedSignal, { paused: true });
      await run.handle.signal(eventReceivedSignal, event("checkout"));
      await expectHeldAfterWait({ db: workers.db, temporal: workers.client }, run, "wait");
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
      ]);

      await run.handle.signal(setPausedSignal, { paused: false });
      expect(await run.handle.result()).toEqual({ status: "completed" });
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
        ["email", "sent"],
        ["exit", "exited"],
      ]);
    },
  );

  temporalWorkersTest(
    "carries the paused flag and the goal window start across continue-as-new; an exit still ends a paused run",
    async ({ workers }) => {
      const who = await setUp(workers);
      const p = plan(
        "wait-1",
        [
          { kind: "wait", id: "wait-1", durationMs: 1_000, next: "wait-2" },
          { kind: "wait", id: "wait-2", durationMs: 1_000, next: "exit" },
          exit(),
        ],
        { goal: { event: "purchase", filters: [], windowMs: 3_600_000 } },
      );
      // No trigger timestamp: the goal window starts when the first execution started.
      const run = await start(workers, p, who, { stepsPerHistory: 1 });
      const enteredAt = Date.now();
      await waitFor(reaches(workers, run.runId, "wait-1", "waiting"));
      await run.handle.signal(setPausedSignal, { paused: true });
      const handle = workers.client.workflow.getHandle(run.workflowId);
      await waitFor(
        async () =>
          (await handle.describe()).runId !== run.handle.firstExecutionRunId &&
          (await handle.query(progressQuery)).isPaused === true,
      );
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait-1", "waiting"],
      ]);

      // Happened after entry but before the second execution started: counts only if the window start was carried.
      await handle.signal(eventReceivedSignal, event("purchase", {}, new Date(enteredAt + 500).toISOString()));
      expect(await handle.result()).toEqual({ status: "completed", reason: "goal" });
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait-1", "waiting"],
        ["$goal", "converted"],
      ]);

      const paused = await start(
        workers,
        plan("wait", [{ kind: "wait", id: "wait", durationMs: 500, next: "exit" }, exit()], {}),
        who,
      );
      await paused.handle.signal(setPausedSignal, { paused: true });
      await waitFor(async () => (await paused.handle.query(progressQuery)).isPaused === true);
      await paused.handle.signal(exitRunSignal, { reason: "archived" });
      expect(await paused.handle.result()).toEqual({ status: "exited", reason: "archived" });
      expect(await findRunById(workers.db, paused.runId)).toMatchObject({ status: "exited", endReason: "archived" });
    },
  );
});
