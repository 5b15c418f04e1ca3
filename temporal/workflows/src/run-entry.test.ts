// Entry keys, multi-case branches and version pinning on the real Temporal dev server and
// Postgres: an until-event wait that matches only the run's own cart (and hands the matched
// event to the email template), first-match-wins cases with an else, and two versions of one
// journey running side by side, each run finishing on the plan it started with.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { journeyRuns, journeyVersions, messages } from "@mailstream/db/schema";
import type { Plan, PlanCondition, PlanStep } from "@mailstream/journey/plan";
import { eventReceivedSignal, journeyWorkflowId, type JourneyRunInput } from "@mailstream/temporal-contracts";
import {
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { keepHistory, temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

const SETTINGS = { goal: null, exitCriteria: [], quietHours: null, frequencyCap: null, timeZone: "UTC" };
function plan(entry: string, steps: PlanStep[], trigger: Partial<Plan["trigger"]> = {}): Plan {
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "added_to_cart", filters: [], ...trigger },
    settings: SETTINGS,
    entry,
    steps: Object.fromEntries(steps.map((step) => [step.id, step])),
  };
}
const exit = (id: string): PlanStep => ({ kind: "exit", id });
const stepLog = async (workers: TestWorkers, runId: string) =>
  (await findRunSteps(workers.db, runId)).map((step) => [step.nodeId, step.outcome]);
const traitIs = (value: string): PlanCondition => ({
  match: "all",
  groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value }] }],
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("entry key", () => {
  temporalWorkersTest(
    "matches only the run's own cart, and the email template reads the matched event",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId } = await createContactFixture(db, workspaceId);
      const { templateId } = await createTemplateFixture(db, workspaceId, {
        body: "Thanks for order {{ matchedEvents.wait.properties.order_id }}.",
      });
      const p = plan(
        "wait",
        [
          {
            kind: "wait_until_event",
            id: "wait",
            event: "checkout",
            filters: [],
            matchOnEntryKey: true,
            timeoutMs: 60_000,
            matched: "email",
            timedOut: "exit-timeout",
          },
          { kind: "email", id: "email", templateId, next: "exit" },
          exit("exit"),
          exit("exit-timeout"),
        ],
        { entryKey: "properties.cart_id" },
      );
      const run = await createRunFixture(db, { workspaceId, contactId, plan: p, properties: { cart_id: "cart-1" } });
      const handle = await workers.startRun(run.input, run.workflowId);
      await waitFor(async () => (await stepLog(workers, run.runId)).some(([node]) => node === "wait"));

      const now = () => new Date().toISOString();
      const other = {
        eventId: randomUUID(),
        event: "checkout",
        properties: { cart_id: "cart-2", order_id: "o-2" },
        timestamp: now(),
      };
      const own = {
        eventId: randomUUID(),
        event: "checkout",
        properties: { cart_id: "cart-1", order_id: "o-1" },
        timestamp: now(),
      };
      await handle.signal(eventReceivedSignal, other);
      await handle.signal(eventReceivedSignal, own);

      expect(await handle.result()).toEqual({ status: "completed" });
      const steps = await findRunSteps(db, run.runId);
      expect(steps.map((step) => [step.nodeId, step.outcome])).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
        ["email", "sent"],
        ["exit", "exited"],
      ]);
      expect(steps[2]?.detail).toMatchObject({ eventId: own.eventId });
      const [message] = await db.select().from(messages).where(eq(messages.runId, run.runId));
      expect(message?.text).toContain("Thanks for order o-1.");
    },
  );
});

describe("multi-case branch", () => {
  temporalWorkersTest(
    "takes the first case that holds, else the else outlet, recording the cases read",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const p = plan("branch", [
        {
          kind: "branch_cases",
          id: "branch",
          cases: [
            { id: "pro", condition: traitIs("pro"), next: "exit-pro" },
            { id: "team", condition: traitIs("team"), next: "exit-team" },
          ],
          else: "exit-else",
        },
        exit("exit-pro"),
        exit("exit-team"),
        exit("exit-else"),
      ]);
      const runFor = async (planTrait: string) => {
        const { contactId } = await createContactFixture(db, workspaceId, { traits: { plan: planTrait } });
        const run = await createRunFixture(db, { workspaceId, contactId, plan: p });
        const handle = await workers.startRun(run.input, run.workflowId);
        expect(await handle.result()).toEqual({ status: "completed" });
        return { handle, steps: await findRunSteps(db, run.runId) };
      };
      const team = await runFor("team");
      expect(team.steps.map((step) => [step.nodeId, step.outcome])).toEqual([
        ["trigger", "entered"],
        ["branch", "team"],
        ["exit-team", "exited"],
      ]);
      expect((team.steps[1]?.detail as { cases: { caseId: string }[] }).cases.map((c) => c.caseId)).toEqual([
        "pro",
        "team",
      ]);
      const free = await runFor("free");
      expect(free.steps.map((step) => [step.nodeId, step.outcome])).toEqual([
        ["trigger", "entered"],
        ["branch", "else"],
        ["exit-else", "exited"],
      ]);
      await keepHistory(free.handle, "journey-run-branch-cases-else.json");
    },
  );
});

describe("version pinning", () => {
  temporalWorkersTest(
    "runs two versions of one journey side by side, each run on the plan it started with",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { templateId: oldTemplate } = await createTemplateFixture(db, workspaceId, {
        subject: "Old {{ contact.first_name }}",
      });
      const { templateId: newTemplate } = await createTemplateFixture(db, workspaceId, {
        subject: "New {{ contact.first_name }}",
      });
      const first = await createContactFixture(db, workspaceId);
      const second = await createContactFixture(db, workspaceId);
      const v1 = plan("wait", [
        { kind: "wait", id: "wait", durationMs: 1_500, next: "email-old" },
        { kind: "email", id: "email-old", templateId: oldTemplate, next: "exit" },
        exit("exit"),
      ]);
      const v2 = plan("email-new", [
        { kind: "email", id: "email-new", templateId: newTemplate, next: "exit" },
        exit("exit"),
      ]);
      const old = await createRunFixture(db, { workspaceId, contactId: first.contactId, plan: v1 });
      const oldHandle = await workers.startRun(old.input, old.workflowId);
      await waitFor(async () => (await stepLog(workers, old.runId)).some(([node]) => node === "wait"));

      // Publishing v2 while the v1 run waits: a new entrant gets v2.
      const [version] = await db
        .insert(journeyVersions)
        .values({ journeyId: old.journeyId, version: 2, graph: { nodes: [], edges: [] }, plan: v2 })
        .returning({ id: journeyVersions.id });
      const eventId = randomUUID();
      const workflowId = journeyWorkflowId(old.journeyId, second.contactId, eventId);
      const [row] = await db
        .insert(journeyRuns)
        .values({
          workspaceId,
          journeyId: old.journeyId,
          versionId: version?.id ?? "",
          contactId: second.contactId,
          workflowId,
          triggerEventId: eventId,
        })
        .returning({ id: journeyRuns.id });
      const input: JourneyRunInput = {
        ...old.input,
        runId: row?.id ?? "",
        versionId: version?.id ?? "",
        contactId: second.contactId,
        plan: v2,
        trigger: { ...old.input.trigger, eventId },
      };
      const newHandle = await workers.startRun(input, workflowId);

      expect(await newHandle.result()).toEqual({ status: "completed" });
      expect(await oldHandle.result()).toEqual({ status: "completed" });
      expect(await stepLog(workers, old.runId)).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["email-old", "sent"],
        ["exit", "exited"],
      ]);
      expect(await stepLog(workers, row?.id ?? "")).toEqual([
        ["trigger", "entered"],
        ["email-new", "sent"],
        ["exit", "exited"],
      ]);
      const subjects = await db
        .select({ runId: messages.runId, subject: messages.subject })
        .from(messages)
        .where(eq(messages.journeyId, old.journeyId));
      expect(Object.fromEntries(subjects.map((m) => [m.runId, m.subject]))).toEqual({
        [old.runId]: "Old Ada",
        [row?.id ?? ""]: "New Ada",
      });
    },
  );
});
