// The runs router on the real database and Temporal dev server: list with each filter and
// keyset paging, one run with its pinned version and step log, and ending a run (signal to
// a live workflow, direct end of a never-started one that then never starts, clear errors).
// Runs go to a task queue no worker polls, so their workflows stay open for inspection.
import { randomUUID } from "node:crypto";
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { findEventByMessageId, insertEventOnce } from "@mailstream/db/queries/events";
import { insertJourneyRunOnce } from "@mailstream/db/queries/journeys-live";
import { recordRunStep } from "@mailstream/db/queries/runs";
import { journeyRuns } from "@mailstream/db/schema";
import { journeyWorkflowId } from "@mailstream/temporal-contracts";
import { asc, eq } from "drizzle-orm";
import { describe, expect, onTestFinished } from "vitest";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { buildLinearGraph } from "@mailstream/testing/workspace-fixtures";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";

const db = testDb();
const taskQueue = `journeys-runs-${randomUUID().slice(0, 8)}`;
const quiet = quietLog;

async function track(workspaceId: string, userId: string, event: string, messageId: string = randomUUID()) {
  await insertEventOnce(db, {
    workspaceId,
    messageId,
    type: "track",
    userId,
    event,
    properties: { email: `${userId}@mailstream.test` },
    timestamp: new Date(),
  });
}

/** Dispatches the workspace's events; its runs' workflows are terminated once the current test has finished. */
async function dispatch(temporal: Client, workspaceId: string) {
  await dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue, log: quiet });
  const runs = await db
    .select()
    .from(journeyRuns)
    .where(eq(journeyRuns.workspaceId, workspaceId))
    .orderBy(asc(journeyRuns.startedAt), asc(journeyRuns.id));
  onTestFinished(async () => {
    await Promise.allSettled(runs.map((run) => temporal.workflow.getHandle(run.workflowId).terminate("test finished")));
  });
  return runs;
}

async function setup() {
  const { workspace, caller } = await createWorkspaceCaller();
  const journey = async (name: string, event: string) => {
    const { id } = await caller.journeys.create({ name });
    const published = await caller.journeys.publish({
      journeyId: id,
      graph: buildLinearGraph(event, [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]),
    });
    return { journeyId: id, versionId: published.versionId };
  };
  return {
    workspaceId: workspace.workspaceId,
    caller,
    welcome: await journey("Welcome", "signed_up"),
    cart: await journey("Cart", "added_to_cart"),
  };
}

describe("runs.list", () => {
  dispatcherTest(
    "lists runs newest first with contact and version, filtered by journey, contact, status and version, in pages",
    async ({ stack }) => {
      const { workspaceId, caller, welcome, cart } = await setup();
      // One dispatch per event, so the start order (and the list order) is known.
      await track(workspaceId, "ada", "signed_up");
      await dispatch(stack.temporal, workspaceId);
      await track(workspaceId, "bob", "signed_up");
      await dispatch(stack.temporal, workspaceId);
      await track(workspaceId, "ada", "added_to_cart");
      const runs = await dispatch(stack.temporal, workspaceId);
      expect(runs).toHaveLength(3);
      await db
        .update(journeyRuns)
        .set({ status: "completed", endedAt: new Date() })
        .where(eq(journeyRuns.id, runs[1]!.id));

      const all = await caller.runs.list({});
      expect(all.items.map((item) => item.id)).toEqual(runs.map((run) => run.id).reverse());
      expect(all.items[0]).toMatchObject({
        journeyId: cart.journeyId,
        journeyName: "Cart",
        contactEmail: "ada@mailstream.test",
        contactUserId: "ada",
        versionId: cart.versionId,
        version: 1,
        status: "active",
        endReason: null,
      });
      expect(all.nextCursor).toBeNull();

      expect((await caller.runs.list({ journeyId: welcome.journeyId })).items).toHaveLength(2);
      expect(
        (await caller.runs.list({ contactId: runs[0]!.contactId })).items.map((item) => item.journeyName).sort(),
      ).toEqual(["Cart", "Welcome"]);
      expect((await caller.runs.list({ status: "completed" })).items.map((item) => item.contactUserId)).toEqual([
        "bob",
      ]);
      expect((await caller.runs.list({ versionId: cart.versionId })).items).toHaveLength(1);

      const first = await caller.runs.list({ limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await caller.runs.list({ limit: 2, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((item) => item.id)).toEqual(all.items.map((item) => item.id));
      expect(second.nextCursor).toBeNull();
      expect((await catchTRPCError(() => caller.runs.list({ cursor: "forged" }))).code).toBe("BAD_REQUEST");
      expect((await catchTRPCError(() => caller.runs.list({ limit: 1000 }))).message).toMatch(/at most 200/);

      // Another workspace sees none of it.
      const other = await createWorkspaceCaller();
      expect((await other.caller.runs.list({ journeyId: welcome.journeyId })).items).toEqual([]);
    },
  );
});

describe("runs.get", () => {
  dispatcherTest("returns the run, the version it is pinned to and its step log in order", async ({ stack }) => {
    const { workspaceId, caller, welcome } = await setup();
    await track(workspaceId, "ada", "signed_up");
    const [run] = await dispatch(stack.temporal, workspaceId);
    // The dispatcher wrote the entry (seq 0) with the start; the wait's step is written here.
    await recordRunStep(db, {
      runId: run!.id,
      journeyId: welcome.journeyId,
      seq: 1,
      nodeId: "wait-1",
      kind: "wait",
      outcome: "waiting",
      detail: { durationMs: 3_600_000 },
    });
    const detail = await caller.runs.get({ runId: run!.id });
    expect(detail.run).toMatchObject({
      id: run!.id,
      status: "active",
      currentNodeId: "wait-1",
      version: 1,
      contactUserId: "ada",
    });
    expect(detail.version).toMatchObject({ id: welcome.versionId, version: 1 });
    expect(detail.version.graph.nodes.map((node) => node.id)).toEqual(["trigger", "wait-1", "exit-2"]);
    expect(detail.steps.map((step) => [step.seq, step.nodeId, step.outcome, step.detail])).toEqual([
      [0, "trigger", "entered", { event: "signed_up", eventId: expect.any(String) }],
      [1, "wait-1", "waiting", { durationMs: 3_600_000 }],
    ]);
    expect((await catchTRPCError(() => caller.runs.get({ runId: randomUUID() }))).code).toBe("NOT_FOUND");
    const other = await createWorkspaceCaller();
    expect((await catchTRPCError(() => other.caller.runs.get({ runId: run!.id }))).code).toBe("NOT_FOUND");
  });
});

describe("run views and search attributes", () => {
  dispatcherTest(
    "names steps from the pinned version, says where a run waits and until when, and Temporal finds it by contact id",
    async ({ stack }) => {
      const { workspace, caller } = await createWorkspaceCaller();
      const template = await caller.templates.create({ name: "Welcome aboard" });
      const { id: journeyId } = await caller.journeys.create({ name: "Onboarding" });
      await caller.journeys.publish({
        journeyId,
        graph: buildLinearGraph("signed_up", [
          { kind: "email", templateId: template.id },
          { kind: "wait", seconds: 3600 },
          { kind: "exit" },
        ]),
      });
      // Renamed after publishing: the run still names the template version it pinned.
      await caller.templates.update({ templateId: template.id, name: "Renamed later" });
      await track(workspace.workspaceId, "cleo", "signed_up");
      const [run] = await dispatch(stack.temporal, workspace.workspaceId);
      const steps = [
        [0, "trigger", "trigger", "entered", {}],
        [1, "email-1", "email", "sent", {}],
        [2, "wait-2", "wait", "waiting", { durationMs: 3_600_000, resumesAt: "2030-01-01T10:00:00.000Z" }],
      ] as const;
      for (const [seq, nodeId, kind, outcome, detail] of steps) {
        await recordRunStep(db, { runId: run!.id, journeyId, seq, nodeId, kind, outcome, detail });
      }

      const detail = await caller.runs.get({ runId: run!.id });
      expect(detail.steps.map((step) => [step.name, step.state])).toEqual([
        ["Trigger · signed_up", "done"],
        ['Email · "Welcome aboard"', "done"],
        ["Wait · 3600 seconds", "waiting"],
      ]);
      const position = {
        nodeId: "wait-2",
        name: "Wait · 3600 seconds",
        state: "waiting",
        resumesAt: "2030-01-01T10:00:00.000Z",
        waitingFor: null,
      };
      expect(detail.position).toEqual(position);
      expect((await caller.runs.list({ journeyId })).items[0]?.currentStep).toEqual(position);
      const contactRuns = await caller.contacts.runs({ contactId: run!.contactId });
      expect(contactRuns.data[0]?.currentStep).toEqual(position);

      // Finished, the same run never reads as waiting.
      await db
        .update(journeyRuns)
        .set({ status: "completed", endedAt: new Date("2030-01-01T10:00:00.050Z") })
        .where(eq(journeyRuns.id, run!.id));
      const finished = await caller.runs.get({ runId: run!.id });
      expect(finished.steps.map((step) => step.state)).toEqual(["done", "done", "done"]);
      expect(finished.position).toBeNull();
      expect((await caller.runs.list({ journeyId })).items[0]?.currentStep).toBeNull();

      // The dispatcher started the workflow with the contact's internal id, never its userId or email.
      const query = `MailstreamContactId="${run!.contactId}"`;
      let found: { workflowId: string; attributes: unknown }[] = [];
      for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
        found = [];
        for await (const execution of stack.temporal.workflow.list({ query })) {
          found.push({ workflowId: execution.workflowId, attributes: execution.typedSearchAttributes });
        }
        if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(found.map((execution) => execution.workflowId)).toEqual([run!.workflowId]);
      const described = await stack.temporal.workflow.getHandle(run!.workflowId).describe();
      const attributes = Object.fromEntries(
        described.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]),
      );
      expect(attributes).toMatchObject({
        MailstreamJourneyId: journeyId,
        MailstreamJourneyVersionId: run!.versionId,
        MailstreamContactId: run!.contactId,
      });
      expect(JSON.stringify(attributes)).not.toMatch(/cleo/);
    },
  );
});

describe("runs.end", () => {
  dispatcherTest(
    "signals the run's workflow to exit (repeatable while it ends); a finished run is a clear error",
    async ({ stack }) => {
      const { workspaceId, caller } = await setup();
      await track(workspaceId, "ada", "signed_up");
      const [run] = await dispatch(stack.temporal, workspaceId);
      expect(await caller.runs.end({ runId: run!.id })).toEqual({
        runId: run!.id,
        status: "ending",
        reason: "ended from the UI",
      });
      expect(await caller.runs.end({ runId: run!.id, reason: "  customer asked  " })).toEqual({
        runId: run!.id,
        status: "ending",
        reason: "customer asked",
      });
      const history = await stack.temporal.workflow.getHandle(run!.workflowId).fetchHistory();
      const signals = (history.events ?? []).flatMap((event) => {
        const data = event.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
        return data
          ? [`${event.workflowExecutionSignaledEventAttributes!.signalName}:${Buffer.from(data).toString("utf8")}`]
          : [];
      });
      expect(signals).toEqual(['exitRun:{"reason":"ended from the UI"}', 'exitRun:{"reason":"customer asked"}']);

      // The workflow ends the row when it exits; then there is nothing left to end.
      await db
        .update(journeyRuns)
        .set({ status: "exited", endedAt: new Date(), endReason: "ended from the UI" })
        .where(eq(journeyRuns.id, run!.id));
      const error = await catchTRPCError(() => caller.runs.end({ runId: run!.id }));
      expect([error.code, error.message]).toEqual([
        "PRECONDITION_FAILED",
        expect.stringMatching(/already ended \(exited\)/),
      ]);
      expect((await catchTRPCError(() => caller.runs.end({ runId: randomUUID() }))).code).toBe("NOT_FOUND");
    },
  );

  dispatcherTest(
    "ends a run whose workflow never started, and the dispatcher then never starts it",
    async ({ stack }) => {
      const { workspaceId, caller, welcome } = await setup();
      await track(workspaceId, "late", "signed_up", "late-1");
      const event = await findEventByMessageId(db, workspaceId, "late-1");
      const contact = await ensureContact(db, { workspaceId, userId: "late", email: null, timezone: null });
      const workflowId = journeyWorkflowId(welcome.journeyId, contact.id, event!.id);
      const row = await insertJourneyRunOnce(db, {
        workspaceId,
        journeyId: welcome.journeyId,
        versionId: welcome.versionId,
        contactId: contact.id,
        workflowId,
        triggerEventId: event!.id,
      });

      expect(await caller.runs.end({ runId: row.id })).toEqual({
        runId: row.id,
        status: "exited",
        reason: "ended from the UI",
      });
      const [ended] = await dispatch(stack.temporal, workspaceId);
      expect(ended).toMatchObject({ id: row.id, status: "exited", endReason: "ended from the UI" });
      await expect(stack.temporal.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
    },
  );
});
