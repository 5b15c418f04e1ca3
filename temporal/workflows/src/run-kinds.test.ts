// The post-v1 step kinds end to end on the real Temporal dev server and Postgres: until-event
// waits (matched and timed out), branches on traits and event history, split stability,
// webhooks (success and permanent failure, against a local HTTP server) and trait updates.
// Each path keeps one recorded history (keepHistory) for journey-run-replay.test.ts.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { assignSplit } from "@mailstream/journey/split";
import { findRunById, findRunSteps } from "@mailstream/db/queries/runs";
import { contacts, events } from "@mailstream/db/schema";
import { eventReceivedSignal } from "@mailstream/temporal-contracts";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { keepHistory, temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

let server: Server;
let baseUrl: string;
const hits: { method: string; url: string; body: string; headers: Record<string, unknown> }[] = [];
/** Requests with `hold=1` get their response only once the test calls `releaseHeld()`. */
let releaseHeld = () => {};
let held = Promise.resolve();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      hits.push({ method: req.method ?? "", url: req.url ?? "", body, headers: req.headers });
      const params = new URL(req.url ?? "/", "http://x").searchParams;
      const status = Number(params.get("status") ?? 200);
      const location = params.get("location");
      void (params.get("hold") === "1" ? held : Promise.resolve()).then(() =>
        res.writeHead(status, location ? { location } : {}).end("ok"),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

function plan(entry: string, steps: PlanStep[]): Plan {
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "added_to_cart", filters: [] },
    entry,
    steps: Object.fromEntries(steps.map((step) => [step.id, step])),
  };
}
const exit = (id: string): PlanStep => ({ kind: "exit", id });

async function startPlan(
  workers: TestWorkers,
  p: Plan,
  traits: Record<string, unknown> = {},
  properties: Record<string, unknown> = { value: 42 },
) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const contact = await createContactFixture(db, workspaceId, { traits });
  const run = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: p, properties });
  const handle = await workers.startRun(run.input, run.workflowId);
  return { ...run, ...contact, workspaceId, handle };
}

async function stepLog(workers: TestWorkers, runId: string) {
  return (await findRunSteps(workers.db, runId)).map((step) => [step.nodeId, step.outcome]);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const untilCheckout = (timeoutMs: number): PlanStep => ({
  kind: "wait_until_event",
  id: "wait",
  event: "checkout",
  filters: [{ path: "properties.total", op: "gt", value: 10 }],
  matchOnEntryKey: false,
  timeoutMs,
  matched: "update",
  timedOut: "exit-timeout",
});

describe("wait until event", () => {
  temporalWorkersTest(
    "takes `matched` on a matching event and exposes its properties to later nodes",
    async ({ workers }) => {
      const run = await startPlan(
        workers,
        plan("wait", [
          untilCheckout(60_000),
          {
            kind: "update_contact",
            id: "update",
            updates: [
              { op: "set", trait: "last_order", value: "{{ matchedEvents.wait.properties.order_id }}", as: "text" },
              { op: "set", trait: "orders", value: "3", as: "number" },
              { op: "unset", trait: "cart" },
            ],
            next: "exit-matched",
          },
          exit("exit-matched"),
          exit("exit-timeout"),
        ]),
        { cart: "c-1", first_name: "Ada" },
      );
      await waitFor(async () => (await findRunById(workers.db, run.runId))?.currentNodeId === "wait");
      const now = new Date().toISOString();
      // Not counted: another event, a filtered-out checkout, and one from before the wait began.
      await run.handle.signal(eventReceivedSignal, {
        eventId: randomUUID(),
        event: "viewed",
        properties: { total: 99 },
        timestamp: now,
      });
      await run.handle.signal(eventReceivedSignal, {
        eventId: randomUUID(),
        event: "checkout",
        properties: { total: 5 },
        timestamp: now,
      });
      await run.handle.signal(eventReceivedSignal, {
        eventId: randomUUID(),
        event: "checkout",
        properties: { total: 50 },
        timestamp: "2020-01-01T00:00:00Z",
      });
      const matchedId = randomUUID();
      await run.handle.signal(eventReceivedSignal, {
        eventId: matchedId,
        event: "checkout",
        properties: { total: 50, order_id: "o-9" },
        timestamp: now,
      });

      expect(await run.handle.result()).toEqual({ status: "completed" });
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
        ["update", "updated"],
        ["exit-matched", "exited"],
      ]);
      const [row] = await workers.db
        .select({ traits: contacts.traits })
        .from(contacts)
        .where(eq(contacts.id, run.contactId));
      expect(row?.traits).toEqual({ first_name: "Ada", last_order: "o-9", orders: 3 });
      const steps = await findRunSteps(workers.db, run.runId);
      expect(steps[2]?.detail).toMatchObject({ eventId: matchedId, event: "checkout" });
      // Also the history of an update-contact step (set, set number, unset).
      await keepHistory(run.handle, "journey-run-until-event-matched.json");
    },
  );

  temporalWorkersTest(
    "counts an event that arrived after entry but before the run reached the wait",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const contact = await createContactFixture(db, workspaceId, { traits: {} });
      const p = plan("wait", [untilCheckout(60_000), exit("update"), exit("exit-timeout")]);
      const run = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: p });
      const enteredAt = Date.now() - 10_000;
      const handle = await workers.startRun(
        { ...run.input, trigger: { ...run.input.trigger, timestamp: new Date(enteredAt).toISOString() } },
        run.workflowId,
      );
      // Before entry: not the contact's answer to this run. Between entry and the wait: it is.
      await handle.signal(eventReceivedSignal, {
        eventId: randomUUID(),
        event: "checkout",
        properties: { total: 50 },
        timestamp: new Date(enteredAt - 5_000).toISOString(),
      });
      const earlyId = randomUUID();
      await handle.signal(eventReceivedSignal, {
        eventId: earlyId,
        event: "checkout",
        properties: { total: 50 },
        timestamp: new Date(enteredAt + 1_000).toISOString(),
      });
      expect(await handle.result()).toEqual({ status: "completed" });
      expect(await stepLog(workers, run.runId)).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
        ["update", "exited"],
      ]);
      expect((await findRunSteps(db, run.runId))[2]?.detail).toMatchObject({ eventId: earlyId });
    },
  );

  temporalWorkersTest("keeps an event signalled before continue-as-new for the wait after it", async ({ workers }) => {
    held = new Promise((resolve) => (releaseHeld = resolve));
    const p = plan("hook", [
      {
        kind: "webhook",
        id: "hook",
        method: "POST",
        url: `${baseUrl}/hook?hold=1`,
        headers: [],
        body: "",
        next: "wait",
      },
      untilCheckout(4_000),
      exit("update"),
      exit("exit-timeout"),
    ]);
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const contact = await createContactFixture(db, workspaceId, { traits: {} });
    const run = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: p });
    // One step per history: the run continues-as-new between the webhook and the wait.
    const handle = await workers.startRun(
      { ...run.input, trigger: { ...run.input.trigger, timestamp: new Date().toISOString() } },
      run.workflowId,
      { stepsPerHistory: 1 },
    );
    await waitFor(async () => hits.some((hit) => hit.url.includes("hold=1")));
    // Signalled while the first execution is inside the webhook step, before the wait exists.
    const checkoutId = randomUUID();
    await handle.signal(eventReceivedSignal, {
      eventId: checkoutId,
      event: "checkout",
      properties: { total: 50 },
      timestamp: new Date().toISOString(),
    });
    releaseHeld();
    const latest = workers.client.workflow.getHandle(run.workflowId);
    expect(await latest.result()).toEqual({ status: "completed" });
    expect((await latest.describe()).runId).not.toBe(handle.firstExecutionRunId);
    expect(await stepLog(workers, run.runId)).toEqual([
      ["trigger", "entered"],
      ["hook", "called"],
      ["wait", "waiting"],
      ["wait", "matched"],
      ["update", "exited"],
    ]);
    expect((await findRunSteps(db, run.runId))[3]?.detail).toMatchObject({ eventId: checkoutId });
    await keepHistory(
      workers.client.workflow.getHandle(run.workflowId, handle.firstExecutionRunId),
      "journey-run-carry-inbox.json",
    );
  });

  temporalWorkersTest("takes `timed_out` when no matching event arrives in time", async ({ workers }) => {
    const run = await startPlan(workers, plan("wait", [untilCheckout(2_000), exit("exit-timeout"), exit("update")]));
    expect(await run.handle.result()).toEqual({ status: "completed" });
    expect(await stepLog(workers, run.runId)).toEqual([
      ["trigger", "entered"],
      ["wait", "waiting"],
      ["wait", "timed_out"],
      ["exit-timeout", "exited"],
    ]);
    await keepHistory(run.handle, "journey-run-until-event-timed-out.json");
  });
});

describe("branch on the matched event", () => {
  // Drawn as a graph and compiled, so the rule goes through validation and compile as published.
  const graph: JourneyGraph = {
    nodes: [
      { id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "added_to_cart", filters: [] } },
      {
        id: "wait",
        position: { x: 0, y: 0 },
        data: {
          kind: "wait",
          mode: "until_event",
          duration: { amount: 1, unit: "hours" },
          untilEvent: {
            event: "checkout",
            filters: [],
            matchOnEntryKey: false,
            timeout: { amount: 3, unit: "seconds" },
          },
        },
      },
      {
        id: "branch",
        position: { x: 0, y: 0 },
        data: {
          kind: "branch",
          condition: {
            match: "all",
            groups: [
              {
                match: "all",
                predicates: [{ type: "matched_event", nodeId: "wait", path: "properties.total", op: "gt", value: 100 }],
              },
            ],
          },
        },
      },
      { id: "exit-big", position: { x: 0, y: 0 }, data: { kind: "exit" } },
      { id: "exit-small", position: { x: 0, y: 0 }, data: { kind: "exit" } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "wait", sourceHandle: null },
      { id: "e2", source: "wait", target: "branch", sourceHandle: "matched" },
      { id: "e3", source: "wait", target: "branch", sourceHandle: "timed_out" },
      { id: "e4", source: "branch", target: "exit-big", sourceHandle: "yes" },
      { id: "e5", source: "branch", target: "exit-small", sourceHandle: "no" },
    ],
  };

  temporalWorkersTest(
    "reads the properties of the event an earlier until-event wait matched (none after a timeout)",
    async ({ workers }) => {
      const compiled = compileGraph(graph);
      if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.message).join("; "));
      const outcome = async (total: number | null) => {
        const run = await startPlan(workers, compiled.plan);
        await waitFor(async () => (await findRunById(workers.db, run.runId))?.currentNodeId === "wait");
        const eventId = randomUUID();
        if (total !== null)
          await run.handle.signal(eventReceivedSignal, {
            eventId,
            event: "checkout",
            properties: { total },
            timestamp: new Date().toISOString(),
          });
        expect(await run.handle.result()).toEqual({ status: "completed" });
        const steps = await findRunSteps(workers.db, run.runId);
        return {
          run,
          eventId,
          log: steps.map((step) => [step.nodeId, step.outcome]),
          decision: steps.find((step) => step.nodeId === "branch")?.detail,
        };
      };
      const big = await outcome(150);
      expect(big.log).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
        ["branch", "yes"],
        ["exit-big", "exited"],
      ]);
      expect(big.decision).toEqual({
        predicates: [
          { type: "matched_event", result: true, input: { nodeId: "wait", eventId: big.eventId, value: 150 } },
        ],
      });
      const small = await outcome(40);
      expect(small.log).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "matched"],
        ["branch", "no"],
        ["exit-small", "exited"],
      ]);
      const timedOut = await outcome(null);
      expect(timedOut.log).toEqual([
        ["trigger", "entered"],
        ["wait", "waiting"],
        ["wait", "timed_out"],
        ["branch", "no"],
        ["exit-small", "exited"],
      ]);
      expect(timedOut.decision).toEqual({
        predicates: [{ type: "matched_event", result: false, input: { nodeId: "wait", eventId: null, value: null } }],
      });
      await keepHistory(big.run.handle, "journey-run-branch-matched-event.json");
    },
  );
});

describe("branch", () => {
  const onTrait: PlanStep = {
    kind: "branch",
    id: "branch",
    yes: "exit-yes",
    no: "exit-no",
    condition: {
      match: "all",
      groups: [
        {
          match: "any",
          predicates: [
            { type: "trait", path: "plan", op: "eq", value: "pro" },
            { type: "trigger", path: "properties.value", op: "gt", value: 1000 },
          ],
        },
      ],
    },
  };

  temporalWorkersTest("goes yes or no on a trait, recording the inputs", async ({ workers }) => {
    const pro = await startPlan(workers, plan("branch", [onTrait, exit("exit-yes"), exit("exit-no")]), { plan: "pro" });
    const free = await startPlan(workers, plan("branch", [onTrait, exit("exit-yes"), exit("exit-no")]), {
      plan: "free",
    });
    await Promise.all([pro.handle.result(), free.handle.result()]);
    expect(await stepLog(workers, pro.runId)).toEqual([
      ["trigger", "entered"],
      ["branch", "yes"],
      ["exit-yes", "exited"],
    ]);
    expect(await stepLog(workers, free.runId)).toEqual([
      ["trigger", "entered"],
      ["branch", "no"],
      ["exit-no", "exited"],
    ]);
    const [, decision] = await findRunSteps(workers.db, free.runId);
    expect(decision?.detail).toEqual({
      predicates: [
        { type: "trait", result: false, input: "free" },
        { type: "trigger", result: false, input: "properties.value" },
      ],
    });
    await keepHistory(pro.handle, "journey-run-branch-yes.json");
    await keepHistory(free.handle, "journey-run-branch-no.json");
  });

  temporalWorkersTest(
    "counts event history: at least 3 views in the last hour, and nothing purchased since entry (then a purchase)",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const contact = await createContactFixture(db, workspaceId);
      const track = (event: string, minutesAgo: number, properties: Record<string, unknown> = {}) => ({
        workspaceId,
        messageId: randomUUID(),
        type: "track" as const,
        userId: contact.userId,
        event,
        properties,
        timestamp: new Date(Date.now() - minutesAgo * 60_000),
      });
      // Two recent views plus one too old: "at least 3" fails until a third recent one exists.
      await db
        .insert(events)
        .values([
          track("viewed_product", 5),
          track("viewed_product", 10),
          track("viewed_product", 120),
          track("purchase", 30),
        ]);
      const historyPlan = plan("branch", [
        {
          kind: "branch",
          id: "branch",
          yes: "exit-yes",
          no: "exit-no",
          condition: {
            match: "all",
            groups: [
              {
                match: "all",
                predicates: [
                  {
                    type: "event_count",
                    event: "viewed_product",
                    filters: [],
                    comparison: "at_least",
                    count: 3,
                    withinMs: 3_600_000,
                  },
                  { type: "not_performed_since_entry", event: "purchase", filters: [] },
                ],
              },
            ],
          },
        },
        exit("exit-yes"),
        exit("exit-no"),
      ]);
      const first = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: historyPlan });
      await (await workers.startRun(first.input, first.workflowId)).result();
      expect(await stepLog(workers, first.runId)).toEqual([
        ["trigger", "entered"],
        ["branch", "no"],
        ["exit-no", "exited"],
      ]);

      await db.insert(events).values(track("viewed_product", 1, { sku: "a" }));
      const second = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: historyPlan });
      await (await workers.startRun(second.input, second.workflowId)).result();
      expect(await stepLog(workers, second.runId)).toEqual([
        ["trigger", "entered"],
        ["branch", "yes"],
        ["exit-yes", "exited"],
      ]);
      const [, decision] = await findRunSteps(db, second.runId);
      expect(decision?.detail).toMatchObject({
        predicates: [
          { type: "event_count", result: true, input: { count: 3 } },
          { type: "not_performed_since_entry", result: true, input: { count: 0 } },
        ],
      });

      // Entry is the trigger's own timestamp (the events' clock), not when the run row was
      // written: a purchase 15 minutes ago, after a trigger 20 minutes ago, sends the run to `no`.
      const enteredAt = new Date(Date.now() - 20 * 60_000).toISOString();
      await db.insert(events).values(track("purchase", 15));
      const third = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: historyPlan });
      await (
        await workers.startRun(
          { ...third.input, trigger: { ...third.input.trigger, timestamp: enteredAt } },
          third.workflowId,
        )
      ).result();
      expect(await stepLog(workers, third.runId)).toEqual([
        ["trigger", "entered"],
        ["branch", "no"],
        ["exit-no", "exited"],
      ]);
      const [, bought] = await findRunSteps(db, third.runId);
      expect(bought?.detail).toMatchObject({
        predicates: [
          { result: true },
          { type: "not_performed_since_entry", result: false, input: { count: 1, since: enteredAt } },
        ],
      });
    },
  );
});

describe("split", () => {
  temporalWorkersTest(
    "sends a contact to the same variant every time, and hold-out contacts exit",
    async ({ workers }) => {
      const split = (holdoutPercent: number): PlanStep => ({
        kind: "split",
        id: "split",
        holdoutPercent,
        variants: [
          { id: "a", weight: 50, next: "exit-a" },
          { id: "b", weight: 50, next: "exit-b" },
        ],
      });
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const contact = await createContactFixture(db, workspaceId);
      const outcomes: string[] = [];
      for (let i = 0; i < 2; i++) {
        const run = await createRunFixture(db, {
          workspaceId,
          contactId: contact.contactId,
          plan: plan("split", [split(0), exit("exit-a"), exit("exit-b")]),
        });
        await (await workers.startRun(run.input, run.workflowId)).result();
        outcomes.push(
          ...(await stepLog(workers, run.runId))
            .filter(([node]) => node === "split")
            .map(([, outcome]) => outcome as string),
        );
      }
      const expected = assignSplit(
        contact.contactId,
        "split",
        [
          { id: "a", weight: 50 },
          { id: "b", weight: 50 },
        ],
        0,
      );
      expect(expected.holdout).toBe(false);
      expect(outcomes).toEqual([
        expected.holdout ? "" : expected.variantId,
        expected.holdout ? "" : expected.variantId,
      ]);

      // A node id under which this contact falls in a 50% hold-out (the hash is of contact and
      // node, so a few candidates suffice): the run exits with reason `holdout`.
      const variants = [
        { id: "a", weight: 50, next: "exit-a" },
        { id: "b", weight: 50, next: "exit-b" },
      ];
      const heldNodeId = Array.from({ length: 100 }, (_, i) => `split-${i}`).find(
        (id) => assignSplit(contact.contactId, id, variants, 50).holdout,
      );
      if (!heldNodeId) throw new Error("no node id puts the contact in the hold-out");
      const heldPlan = plan(heldNodeId, [
        { kind: "split", id: heldNodeId, holdoutPercent: 50, variants },
        exit("exit-a"),
        exit("exit-b"),
      ]);
      const held = await createRunFixture(db, { workspaceId, contactId: contact.contactId, plan: heldPlan });
      const heldHandle = await workers.startRun(held.input, held.workflowId);
      expect(await heldHandle.result()).toEqual({ status: "exited", reason: "holdout" });
      expect(await stepLog(workers, held.runId)).toEqual([
        ["trigger", "entered"],
        [heldNodeId, "holdout"],
      ]);
      expect(await findRunById(db, held.runId)).toMatchObject({ status: "exited", endReason: "holdout" });
      await keepHistory(heldHandle, "journey-run-split-holdout.json");
    },
  );
});

describe("webhook", () => {
  const hook = (query: string): Extract<PlanStep, { kind: "webhook" }> => ({
    kind: "webhook",
    id: "hook",
    method: "POST",
    url: `${baseUrl}/hook?${query}`,
    headers: [{ name: "X-Token", value: "secret-1" }],
    body: '{"email":"{{ contact.email }}","value":{{ event.properties.value }}}',
    next: "exit",
  });

  temporalWorkersTest("posts the rendered body and records the status", async ({ workers }) => {
    const run = await startPlan(workers, plan("hook", [hook("status=204&case=ok"), exit("exit")]));
    expect(await run.handle.result()).toEqual({ status: "completed" });
    expect(await stepLog(workers, run.runId)).toEqual([
      ["trigger", "entered"],
      ["hook", "called"],
      ["exit", "exited"],
    ]);
    const hit = hits.find((h) => h.url.includes("case=ok"));
    expect(hit).toMatchObject({
      method: "POST",
      body: `{"email":"${run.email}","value":42}`,
      headers: { "x-token": "secret-1", "idempotency-key": `${run.runId}:hook` },
    });
    const [, step] = await findRunSteps(workers.db, run.runId);
    expect(step?.detail).toMatchObject({ status: 204 });
    await keepHistory(run.handle, "journey-run-webhook-called.json");
  });

  temporalWorkersTest(
    "records a 4xx as a failed step at once and a 5xx after its retries, and the run continues",
    async ({ workers }) => {
      const notFound = await startPlan(workers, plan("hook", [hook("status=404&case=perm"), exit("exit")]));
      const failing = await createRunFixture(workers.db, {
        workspaceId: notFound.workspaceId,
        contactId: notFound.contactId,
        plan: plan("hook", [hook("status=503&case=retry"), exit("exit")]),
      });
      const failingHandle = await workers.startRun(
        { ...failing.input, options: { webhookMaximumAttempts: 2, webhookRetryInitialIntervalMs: 100 } },
        failing.workflowId,
      );
      expect(await notFound.handle.result()).toEqual({ status: "completed" });
      expect(await failingHandle.result()).toEqual({ status: "completed" });
      expect(await stepLog(workers, notFound.runId)).toEqual([
        ["trigger", "entered"],
        ["hook", "failed"],
        ["exit", "exited"],
      ]);
      expect(await stepLog(workers, failing.runId)).toEqual([
        ["trigger", "entered"],
        ["hook", "failed"],
        ["exit", "exited"],
      ]);
      expect(hits.filter((h) => h.url.includes("case=perm"))).toHaveLength(1);
      expect(hits.filter((h) => h.url.includes("case=retry"))).toHaveLength(2);
      const [, perm] = await findRunSteps(workers.db, notFound.runId);
      expect(perm?.detail).toMatchObject({ status: 404, errorType: "PermanentWebhookError" });
      await keepHistory(notFound.handle, "journey-run-webhook-failed.json");
    },
  );

  temporalWorkersTest(
    "refuses a metadata address, also behind a redirect, at once and names it on the failed step",
    async ({ workers }) => {
      const metadata: PlanStep = { ...hook(""), url: "http://169.254.169.254/latest/meta-data/" };
      const direct = await startPlan(workers, plan("hook", [metadata, exit("exit")]));
      const redirected = await createRunFixture(workers.db, {
        workspaceId: direct.workspaceId,
        contactId: direct.contactId,
        plan: plan("hook", [hook("status=302&case=ssrf&location=http://[::ffff:a9fe:a9fe]/"), exit("exit")]),
      });
      const redirectedHandle = await workers.startRun(redirected.input, redirected.workflowId);
      expect(await direct.handle.result()).toEqual({ status: "completed" });
      expect(await redirectedHandle.result()).toEqual({ status: "completed" });
      const [, directStep] = await findRunSteps(workers.db, direct.runId);
      expect(directStep).toMatchObject({ outcome: "failed" });
      expect(directStep?.detail).toMatchObject({
        errorType: "PermanentWebhookError",
        error: expect.stringContaining("refused to connect to 169.254.169.254 (link-local address)"),
      });
      const [, redirectedStep] = await findRunSteps(workers.db, redirected.runId);
      expect(redirectedStep?.detail).toMatchObject({
        errorType: "PermanentWebhookError",
        error: expect.stringContaining(
          "refused to connect to ::ffff:a9fe:a9fe (link-local address, as 169.254.169.254)",
        ),
      });
      // The allowed first hop was called once: a refusal is permanent, never retried.
      expect(hits.filter((h) => h.url.includes("case=ssrf"))).toHaveLength(1);
    },
  );
});
