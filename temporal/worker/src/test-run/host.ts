// The test-run host of a worker process: a time-skipping Temporal server (the project's
// temporal-test-server binary, started on the first test run and reused) with one worker on it
// running the SAME workflow code and the SAME activities as production — only "now" comes from
// the server's virtual clock and sends and webhooks go to recorders. Each test copies what it
// reads into a scratch workspace (db/queries/scratch-workspaces.ts), starts `journeyRun` there
// with `journeyTestScript` beside it, waits for the run (time skips while nothing is due), reads
// its step log and the recordings, and deletes the scratch workspace.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { Worker, type WorkflowBundleOption } from "@temporalio/worker";
import { createActivities } from "@mailstream/activities";
import type { Db } from "@mailstream/db/client";
import { findRunSteps } from "@mailstream/db/queries/runs";
import {
  createScratchRun,
  deleteScratchWorkspace,
  deleteStaleScratchWorkspaces,
  findScratchEvents,
  insertScratchEvent,
} from "@mailstream/db/queries/scratch-workspaces";
import type { EmailTransport } from "@mailstream/emails/transports";
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { createPathDelivery } from "./deliver-path";
import { journeyWorkflowId, type EventReceived, type JourneyRunInput } from "@mailstream/temporal-contracts";
import type {
  JourneyTestRunInput,
  JourneyTestRunResult,
  TestRunTimeline,
} from "@mailstream/temporal-contracts/test-runs";
import type { journeyRun, journeyTestScript } from "@mailstream/workflows";
import { RunRecorders, type RecordedEmail } from "./recorders";

/** A run that has not ended in this much real time is reported as timed out (a loop, a stuck step). */
const RUN_TIMEOUT_MS = 60_000;
const TASK_QUEUE = "test-runs";
/** Scratch workspaces older than this belong to a worker that died mid-test. */
const STALE_SCRATCH_MS = 15 * 60_000;

export interface TestRunHostOptions {
  db: Db;
  workflowSource: { workflowBundle: WorkflowBundleOption } | { workflowsPath: string };
  /** The time-skipping server binary (.tools/bin/temporal-test-server, installed by the project's scripts). */
  serverPath: string;
  defaultFrom: string;
  publicUrl: string;
  secret?: string | undefined;
  outbound?: OutboundGuard | undefined;
  /** The worker's env transport: "Send the path to me" delivers through the workspace's real one. */
  transport: EmailTransport;
}

interface Started {
  env: TestWorkflowEnvironment;
  worker: Worker;
  running: Promise<void>;
  recorders: RunRecorders;
}

export interface TestRunHost {
  run(input: JourneyTestRunInput): Promise<JourneyTestRunResult>;
  close(): Promise<void>;
}

export function createTestRunHost(options: TestRunHostOptions): TestRunHost {
  const { db } = options;
  let starting: Promise<Started> | null = null;
  const deliverPath = createPathDelivery({
    db,
    transport: options.transport,
    secret: options.secret,
    outbound: options.outbound ?? createOutboundGuard(),
  });
  /** scratch run id → its workspace and contact, for `storeScriptedEvent`. */
  const scratchByWorkflow = new Map<string, { workspaceId: string; userId: string }>();

  async function start(): Promise<Started> {
    if (!existsSync(options.serverPath))
      throw new Error(`test runs need the time-skipping server at ${options.serverPath} (npm run setup installs it)`);
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: "existing-path", path: options.serverPath } },
    });
    const clock = () => env.currentTimeMs();
    const recorders = new RunRecorders(clock);
    const activities = createActivities({
      db,
      transport: recorders.transport,
      defaultFrom: options.defaultFrom,
      publicUrl: options.publicUrl,
      secret: options.secret,
      outbound: options.outbound,
      clock,
      webhookRecorder: recorders.webhookRecorder,
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? "default",
      taskQueue: TASK_QUEUE,
      ...options.workflowSource,
      activities: {
        ...activities,
        async storeScriptedEvent(input: {
          runWorkflowId: string;
          event: string;
          properties: Record<string, unknown>;
          timestamp: string;
        }): Promise<EventReceived | null> {
          const scratch = scratchByWorkflow.get(input.runWorkflowId);
          if (!scratch) return null;
          const stored = await insertScratchEvent(db, {
            ...scratch,
            event: input.event,
            properties: input.properties,
            timestamp: new Date(input.timestamp),
          });
          return { eventId: stored.id, event: input.event, properties: input.properties, timestamp: input.timestamp };
        },
      },
    });
    const running = worker.run();
    return { env, worker, running, recorders };
  }

  async function run(input: JourneyTestRunInput): Promise<JourneyTestRunResult> {
    const elapsedFrom = Date.now();
    starting ??= start().catch((error: unknown) => {
      starting = null;
      throw error;
    });
    const { env, recorders } = await starting;
    await deleteStaleScratchWorkspaces(db, new Date(Date.now() - STALE_SCRATCH_MS));

    const entry = input.events[0];
    if (!entry) return { ok: false, reason: "the script has no entry event" };
    const workflowId = journeyWorkflowId(input.journeyId, `test-${input.testId}`, randomUUID());
    const startedAt = await env.currentTimeMs();
    const scratch = await createScratchRun(db, {
      now: new Date(startedAt),
      sourceWorkspaceId: input.workspaceId,
      journeyName: input.journeyName,
      plan: input.plan,
      contact:
        "contactId" in input.contact
          ? { sourceContactId: input.contact.contactId, email: null, traits: {} }
          : { sourceContactId: null, email: input.contact.email, traits: input.contact.traits },
      workflowId,
    });
    if (!scratch) return { ok: false, reason: "the contact or workspace no longer exists" };
    scratchByWorkflow.set(workflowId, { workspaceId: scratch.workspaceId, userId: scratch.userId });
    try {
      const timestamp = new Date(startedAt).toISOString();
      const stored = await insertScratchEvent(db, {
        workspaceId: scratch.workspaceId,
        userId: scratch.userId,
        event: entry.event,
        properties: entry.properties,
        timestamp: new Date(startedAt),
      });
      const runInput: JourneyRunInput = {
        runId: scratch.runId,
        workspaceId: scratch.workspaceId,
        journeyId: scratch.journeyId,
        versionId: scratch.versionId,
        contactId: scratch.contactId,
        plan: scratch.plan,
        trigger: {
          eventId: stored.id,
          event: entry.event,
          properties: entry.properties,
          traits: { ...scratch.traits, ...(scratch.email ? { email: scratch.email } : {}) },
          timestamp,
        },
        options: { emailTaskQueue: TASK_QUEUE },
      };
      const handle = await env.client.workflow.start<typeof journeyRun>("journeyRun", {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [runInput],
      });
      const script = await env.client.workflow.start<typeof journeyTestScript>("journeyTestScript", {
        taskQueue: TASK_QUEUE,
        workflowId: `${workflowId}:script`,
        args: [{ runWorkflowId: workflowId, startedAt, events: input.events.slice(1) }],
      });
      // Awaiting the result is what lets the server skip time while nothing is due.
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        handle.result().then((result) => ({ status: result.status, reason: result.reason ?? null })),
        new Promise<{ status: "timed_out"; reason: string }>((resolve) => {
          timer = setTimeout(
            () => resolve({ status: "timed_out", reason: `the run had not ended after ${RUN_TIMEOUT_MS / 1000} s` }),
            RUN_TIMEOUT_MS,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      await Promise.allSettled([
        script.terminate("test run ended"),
        outcome.status === "timed_out" ? handle.terminate("test run timed out") : Promise.resolve(),
      ]);
      const { emails, ...timeline } = await readTimeline(scratch, startedAt, outcome, recorders);
      const delivered = input.deliverTo
        ? { to: input.deliverTo, count: await deliverPath(input.workspaceId, input.deliverTo, emails.recorded) }
        : undefined;
      return {
        ok: true,
        timeline: {
          ...timeline,
          emails: emails.timeline,
          ...(delivered ? { delivered } : {}),
          elapsedMs: Date.now() - elapsedFrom,
        },
      };
    } finally {
      scratchByWorkflow.delete(workflowId);
      await deleteScratchWorkspace(db, scratch.workspaceId);
    }
  }

  async function readTimeline(
    scratch: NonNullable<Awaited<ReturnType<typeof createScratchRun>>>,
    startedAt: number,
    outcome: { status: TestRunTimeline["status"]; reason: string | null },
    recorders: RunRecorders,
  ): Promise<
    Omit<TestRunTimeline, "elapsedMs" | "emails"> & {
      emails: { timeline: TestRunTimeline["emails"]; recorded: RecordedEmail[] };
    }
  > {
    const rows = await findRunSteps(db, scratch.runId);
    const recorded = recorders.take(scratch.runId);
    const events = await findScratchEvents(db, { ...scratch, since: new Date(startedAt) });
    const templateOf = (nodeId: string) => {
      const step = scratch.plan.steps[nodeId];
      return step?.kind === "email" ? (scratch.sourceTemplateIds.get(step.templateId) ?? null) : null;
    };
    const at = (ms: number) => ({ at: new Date(ms).toISOString(), offsetMs: ms - startedAt });
    return {
      status: outcome.status,
      reason: outcome.reason,
      startedAt: new Date(startedAt).toISOString(),
      steps: rows.map((row) => ({
        seq: row.seq,
        nodeId: row.nodeId,
        kind: row.kind,
        outcome: row.outcome,
        detail: row.detail,
        ...at(row.at.getTime()),
      })),
      emails: {
        recorded: recorded.emails,
        timeline: recorded.emails.map((email) => ({
          nodeId: email.headers["X-Mailstream-Node"] ?? "",
          templateId: templateOf(email.headers["X-Mailstream-Node"] ?? ""),
          to: email.to,
          from: email.from,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          ...at(email.at),
        })),
      },
      webhooks: recorded.webhooks.map(({ nodeId, request }) => ({
        nodeId,
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body,
        ...at(request.at),
      })),
      events: events.map((event) => ({
        event: event.event ?? "",
        properties: event.properties,
        ...at(event.timestamp.getTime()),
      })),
    };
  }

  return {
    run,
    async close() {
      if (!starting) return;
      const started = await starting.catch(() => null);
      starting = null;
      if (!started) return;
      started.worker.shutdown();
      await started.running.catch(() => {});
      await started.env.teardown();
    },
  };
}
