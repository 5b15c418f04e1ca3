// The send as a local activity (SEND_LOCAL_PATCH, steps/email-send.ts): a trigger → email →
// exit run sends in the workflow task that started it — one workflow task, no activity task —
// and the queued activity on the email queue takes over when the local attempt answers "busy"
// (its provider slot was not due within a second) or fails transiently; either way the email
// is handed over once. Records `histories/journey-run-send-local-v1.json` and, for the fallback
// after a busy answer, `journey-run-send-local-busy.json` when absent (journey-run-replay.test.ts
// replays them). Deferrals through the local attempt: run-settings.test.ts;
// a journeys worker without sendEmail: temporal/worker/src/send-local-worker.test.ts.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { reserveSendSlots } from "@mailstream/db/queries/send-rate-limits";
import { messages } from "@mailstream/db/schema";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { runEmailThenExit } from "./email-run-fixtures";

/** The outbox, recording each email it took; the first hand-off to a `flaky` address fails as a dropped connection would. */
function flakyOutbox() {
  const outbox = createTransport("outbox");
  const handedOver: OutgoingEmail[] = [];
  const refused = new Set<string>();
  const take = (email: OutgoingEmail) => {
    if (email.to.includes("flaky") && !refused.has(email.idempotencyKey)) {
      refused.add(email.idempotencyKey);
      throw new Error("connection reset by the provider (test)");
    }
    handedOver.push(email);
  };
  const transport: EmailTransport = {
    name: outbox.name,
    async send(email) {
      take(email);
      return outbox.send(email);
    },
    async sendBatch(emails, key) {
      emails.forEach(take);
      return outbox.sendBatch!(emails, key);
    },
  };
  return { transport, handedOver, refused };
}

const outbox = flakyOutbox();
temporalWorkersTest.override({ workersTransport: outbox.transport });

type History = Awaited<ReturnType<Awaited<ReturnType<TestWorkers["startRun"]>>["fetchHistory"]>>;

/** What Temporal did for the run: workflow tasks, queued activities, local activities (some failed). */
function shapeOf(history: History) {
  const events = history.events ?? [];
  const localMarkers = events.filter(
    (event) => event.markerRecordedEventAttributes?.markerName === "core_local_activity",
  );
  return {
    workflowTasks: events.filter((event) => event.workflowTaskCompletedEventAttributes).length,
    queuedActivities: events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
    localActivities: localMarkers.length,
    failedLocalActivities: localMarkers.filter((event) => event.markerRecordedEventAttributes?.failure).length,
  };
}

/**
 * A trigger → email → exit run of a fresh contact at `address`, to completion; its messages and
 * shape. Its history is kept as `histories/<historyFile>` when given and absent.
 */
async function sendOne(workers: TestWorkers, address: string, historyFile?: string) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId, { email: address });
  const { templateId } = await createTemplateFixture(db, workspaceId);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const run = await createRunFixture(db, { workspaceId, contactId, plan });
  const handle = await workers.startRun(run.input, run.workflowId);
  expect(await handle.result()).toEqual({ status: "completed" });
  const stored = await db
    .select({ status: messages.status, idempotencyKey: messages.idempotencyKey })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.runId, run.runId)));
  const steps = await findRunSteps(db, run.runId);
  const history = await handle.fetchHistory();
  const target = historyFile && fileURLToPath(new URL(`./histories/${historyFile}`, import.meta.url));
  if (target && !existsSync(target)) writeFileSync(target, `${historyToJSON(history)}\n`);
  return { stored, steps, shape: shapeOf(history) };
}

describe("the send as a local activity (SEND_LOCAL_PATCH)", () => {
  temporalWorkersTest(
    "trigger → email → exit is one workflow task: the send runs locally, once",
    async ({ workers }) => {
      const { email, steps } = await runEmailThenExit(workers, ["journey-run-send-local-v1.json"]);
      expect(steps.map((step) => step.outcome)).toEqual(["entered", "sent", "exited"]);
      expect(outbox.handedOver.filter((sent) => sent.to === email)).toHaveLength(1);
      const { shape, stored } = await sendOne(workers, "ada@mailstream.test");
      // The entry's local activity and the send's, in the one task that completed the run.
      expect(shape).toEqual({ workflowTasks: 1, queuedActivities: [], localActivities: 2, failedLocalActivities: 0 });
      expect(stored).toEqual([{ status: "sent", idempotencyKey: expect.any(String) }]);
      expect(outbox.handedOver.filter((sent) => sent.to === "ada@mailstream.test")).toHaveLength(1);
    },
  );

  temporalWorkersTest(
    "a provider slot further off than the local budget: the local attempt takes none, the queued activity sends it once",
    async ({ workers }) => {
      // The email queue's shared rate (provider-rate.ts, key `email-queue:<queue>`; 100/s here), booked 3 s ahead.
      await reserveSendSlots(workers.db, `email-queue:${workers.taskQueues.email}`, 300, 10);
      const { shape, stored, steps } = await sendOne(
        workers,
        "grace@mailstream.test",
        "journey-run-send-local-busy.json",
      );
      expect(shape).toMatchObject({ queuedActivities: ["sendEmail"], localActivities: 2, failedLocalActivities: 0 });
      expect(stored).toEqual([{ status: "sent", idempotencyKey: expect.any(String) }]);
      expect(steps.map((step) => step.outcome)).toEqual(["entered", "sent", "exited"]);
      expect(outbox.handedOver.filter((sent) => sent.to === "grace@mailstream.test")).toHaveLength(1);
    },
  );

  temporalWorkersTest(
    "a local attempt that fails transiently: the queued activity sends it, once",
    async ({ workers }) => {
      const { shape, stored, steps } = await sendOne(workers, "flaky@mailstream.test");
      expect(shape).toMatchObject({ queuedActivities: ["sendEmail"], localActivities: 2, failedLocalActivities: 1 });
      expect(outbox.refused.size).toBe(1);
      expect(stored).toEqual([{ status: "sent", idempotencyKey: [...outbox.refused][0] }]);
      expect(steps.map((step) => step.outcome)).toEqual(["entered", "sent", "exited"]);
      expect(outbox.handedOver.filter((sent) => sent.to === "flaky@mailstream.test")).toHaveLength(1);
    },
  );

  temporalWorkersTest(
    "a permanent failure of the local attempt is the step's failure, as from the queued one: no fallback",
    async ({ workers }) => {
      const { shape, stored, steps } = await sendOne(workers, "not-an-address");
      expect(shape).toMatchObject({ queuedActivities: [], failedLocalActivities: 1 });
      expect(stored).toEqual([]);
      expect(steps.map((step) => [step.outcome, step.detail.errorType])).toEqual([
        ["entered", undefined],
        ["failed", "PermanentSendError"],
        ["exited", undefined],
      ]);
    },
  );
});
