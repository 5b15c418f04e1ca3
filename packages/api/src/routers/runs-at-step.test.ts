// The drill-down on the real database and Temporal dev server: who is at a step (search, keyset
// pages, "resumes at"), and acting on them — the runControl signal reaches each chosen run's
// workflow (read back from its history), an audit row per run, and every refusal (a trigger as
// the target, a step that is not a wait, more than confirmed, a role without runs:manage,
// another workspace's runs) signals nothing. Runs go to a task queue no worker polls, so their
// workflows stay open; what the workflow does with a control is run-controls.test.ts's part.
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, onTestFinished } from "vitest";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { insertEventOnce } from "@mailstream/db/queries/events";
import { recordRunStep } from "@mailstream/db/queries/runs";
import { auditLog, contacts, journeyRuns } from "@mailstream/db/schema";
import { createMemberSession } from "@mailstream/testing/auth-fixtures";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";
import { catchTRPCError, callerWithCookie, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { buildLinearGraph } from "@mailstream/testing/workspace-fixtures";

const db = testDb();
const taskQueue = `journeys-drilldown-${randomUUID().slice(0, 8)}`;

async function setup(temporal: Client) {
  const { workspace, caller } = await createWorkspaceCaller();
  const { workspaceId } = workspace;
  const { id: journeyId } = await caller.journeys.create({ name: "Drill-down" });
  // trigger → wait-1 (1 h) → wait-2 (1 min) → exit-3
  await caller.journeys.publish({
    journeyId,
    graph: buildLinearGraph("signed_up", [
      { kind: "wait", seconds: 3600 },
      { kind: "wait", seconds: 60 },
      { kind: "exit" },
    ]),
  });
  for (const userId of ["ada", "bob", "cleo"])
    await insertEventOnce(db, {
      workspaceId,
      messageId: randomUUID(),
      type: "track",
      userId,
      event: "signed_up",
      properties: { email: `${userId}@mailstream.test` },
      timestamp: new Date(),
    });
  await dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue, log: quietLog });
  // Ada, Bob, Cleo in that order.
  const runs = await db
    .select({ id: journeyRuns.id, workflowId: journeyRuns.workflowId })
    .from(journeyRuns)
    .innerJoin(contacts, eq(contacts.id, journeyRuns.contactId))
    .where(eq(journeyRuns.workspaceId, workspaceId))
    .orderBy(asc(contacts.userId));
  onTestFinished(async () => {
    await Promise.allSettled(runs.map((run) => temporal.workflow.getHandle(run.workflowId).terminate("test finished")));
  });
  // What the runs' bookkeeping would write: entered, then waiting at wait-1.
  for (const run of runs) {
    await recordRunStep(db, {
      runId: run.id,
      journeyId,
      seq: 0,
      nodeId: "trigger",
      kind: "trigger",
      outcome: "entered",
    });
    await recordRunStep(db, {
      runId: run.id,
      journeyId,
      seq: 1,
      nodeId: "wait-1",
      kind: "wait",
      outcome: "waiting",
      detail: { durationMs: 3_600_000, resumesAt: "2030-01-01T10:00:00.000Z" },
    });
  }
  const marketer = await createMemberSession(db, workspaceId, "marketer");
  const analyst = await createMemberSession(db, workspaceId, "analyst");
  return {
    workspaceId,
    journeyId,
    runs,
    marketer: callerWithCookie(marketer.cookie),
    analyst: callerWithCookie(analyst.cookie),
  };
}

/** The runControl signals a run's workflow received, oldest first. */
async function controlsOf(temporal: Client, workflowId: string) {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const signaled = event.workflowExecutionSignaledEventAttributes;
    if (signaled?.signalName !== "runControl") return [];
    const payload = signaled.input?.payloads?.[0]?.data;
    return [JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString("utf8")) as Record<string, unknown>];
  });
}

describe("runs.atStep and runs.act", () => {
  dispatcherTest(
    "lists who waits at a step, searchable and paged, and signals end / continue / move to the chosen runs, audited",
    async ({ stack }) => {
      const { temporal } = stack;
      const { workspaceId, journeyId, runs, marketer, analyst } = await setup(temporal);
      const [ada, bob, cleo] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];

      // Who is there: all three, newest entry first; any role may look.
      const all = await analyst.runs.atStep({ journeyId, nodeId: "wait-1" });
      expect(all.total).toBe(3);
      expect(all.items.map((item) => item.contactUserId).sort()).toEqual(["ada", "bob", "cleo"]);
      expect(all.items[0]).toMatchObject({ resumesAt: "2030-01-01T10:00:00.000Z", version: 1 });
      expect(all.items[0]?.atStepSince).toBeInstanceOf(Date);
      const first = await marketer.runs.atStep({ journeyId, nodeId: "wait-1", limit: 2 });
      const second = await marketer.runs.atStep({ journeyId, nodeId: "wait-1", limit: 2, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((item) => item.id)).toEqual(all.items.map((item) => item.id));
      // Only the first page counts; a later one reads its rows alone.
      expect([first.total, second.total]).toEqual([3, null]);
      const found = await marketer.runs.atStep({ journeyId, nodeId: "wait-1", search: "BOB@mail" });
      expect(found).toMatchObject({ total: 1, items: [{ contactUserId: "bob" }] });
      expect((await marketer.runs.atStep({ journeyId, nodeId: "wait-1", search: "%" })).total).toBe(0);
      expect((await marketer.runs.atStep({ journeyId, nodeId: "wait-2" })).total).toBe(0);

      // Refused before anything is signalled.
      const move = { journeyId, nodeId: "wait-1", action: "move" as const };
      expect(
        (await catchTRPCError(() => analyst.runs.act({ ...move, toNodeId: "wait-2", runIds: [ada.id] }))).code,
      ).toBe("FORBIDDEN");
      const toTrigger = await catchTRPCError(() =>
        marketer.runs.act({ ...move, toNodeId: "trigger", runIds: [ada.id] }),
      );
      expect([toTrigger.code, toTrigger.message]).toEqual(["BAD_REQUEST", expect.stringMatching(/is the trigger/)]);
      expect(
        (await catchTRPCError(() => marketer.runs.act({ ...move, toNodeId: "nope", runIds: [ada.id] }))).message,
      ).toMatch(/not a step of/);
      expect(
        (
          await catchTRPCError(() =>
            marketer.runs.act({
              journeyId,
              nodeId: "wait-1",
              action: "continue",
              toNodeId: "wait-2",
              runIds: [ada.id],
            }),
          )
        ).message,
      ).toMatch(/only for moving/);
      const unconfirmed = await catchTRPCError(() =>
        marketer.runs.act({ ...move, toNodeId: "wait-2", allMatching: { confirmedCount: 2 } }),
      );
      expect([unconfirmed.code, unconfirmed.message]).toEqual([
        "PRECONDITION_FAILED",
        expect.stringMatching(/3 contacts match/),
      ]);
      const other = await createWorkspaceCaller();
      expect(
        await other.caller.runs
          .act({ journeyId, nodeId: "wait-1", action: "end", runIds: [ada.id] })
          .catch((e) => e.code),
      ).toBe("NOT_FOUND");
      for (const run of runs) expect(await controlsOf(temporal, run.workflowId)).toEqual([]);

      // One picked, then all matching a search, then a move.
      expect(
        await marketer.runs.act({ journeyId, nodeId: "wait-1", action: "continue", runIds: [ada.id] }),
      ).toMatchObject({
        signalled: 1,
        notAtStep: 0,
      });
      expect(
        await marketer.runs.act({
          journeyId,
          nodeId: "wait-1",
          action: "end",
          allMatching: { search: "cleo", confirmedCount: 1 },
        }),
      ).toMatchObject({ signalled: 1 });
      expect(await marketer.runs.act({ ...move, toNodeId: "wait-2", runIds: [bob.id] })).toMatchObject({
        signalled: 1,
      });
      expect(await controlsOf(temporal, ada.workflowId)).toEqual([
        expect.objectContaining({
          action: "continue",
          atStepId: "wait-1",
          by: expect.stringContaining("@members.mailstream.test"),
        }),
      ]);
      expect(await controlsOf(temporal, cleo.workflowId)).toEqual([expect.objectContaining({ action: "end" })]);
      expect(await controlsOf(temporal, bob.workflowId)).toEqual([
        expect.objectContaining({ action: "move", atStepId: "wait-1", toStepId: "wait-2" }),
      ]);

      // A run that moved on meanwhile is left alone and counted.
      await recordRunStep(db, { runId: ada.id, journeyId, seq: 2, nodeId: "wait-2", kind: "wait", outcome: "waiting" });
      expect(await marketer.runs.act({ journeyId, nodeId: "wait-1", action: "end", runIds: [ada.id] })).toMatchObject({
        signalled: 0,
        notAtStep: 1,
      });
      expect(await controlsOf(temporal, ada.workflowId)).toHaveLength(1);

      const audited = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.targetType, "run")))
        .orderBy(asc(auditLog.at), asc(auditLog.id));
      expect(audited.map((row) => [row.action, row.targetId, row.actorKind])).toEqual([
        ["run.continue", ada.id, "user"],
        ["run.end", cleo.id, "user"],
        ["run.move", bob.id, "user"],
      ]);
      expect(audited[2]?.changes).toEqual({ fields: ["step"], before: { step: "wait-1" }, after: { step: "wait-2" } });
    },
  );
});
