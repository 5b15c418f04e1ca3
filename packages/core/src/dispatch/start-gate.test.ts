// The dispatcher's start gate against the real Temporal dev server: runs started on a task
// queue of this file's own with no worker polling it are a real workflow-task backlog.
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
import { testEnv } from "@mailstream/testing/test-env";
import { quietLog } from "@mailstream/testing/dispatcher-stack";
import { waitFor } from "@mailstream/testing/workspace-fixtures";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createStartGate } from "./start-gate";

let connection: Connection;
let temporal: Client;
const taskQueue = `start-gate-${randomUUID().slice(0, 8)}`;
const started: string[] = [];

/** The client, with a count of the backlog questions asked through it (the calls go to the server). */
function countingClient(): { client: Client; calls: () => number } {
  let calls = 0;
  const service = temporal.workflowService;
  const workflowService = new Proxy(service, {
    get(target, key, receiver) {
      if (key === "describeTaskQueue")
        return (request: Parameters<typeof service.describeTaskQueue>[0]) => {
          calls++;
          return target.describeTaskQueue(request);
        };
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const client = { workflowService, options: temporal.options } as unknown as Client;
  return { client, calls: () => calls };
}

async function backlog(): Promise<number> {
  const response = await temporal.workflowService.describeTaskQueue({
    namespace: "default",
    taskQueue: { name: taskQueue, kind: 1 },
    taskQueueType: 1,
    reportStats: true,
  });
  return Number(response.stats?.approximateBacklogCount ?? 0);
}

beforeAll(async () => {
  connection = await Connection.connect({ address: testEnv().temporalAddress });
  temporal = new Client({ connection, namespace: "default" });
  // No worker polls this queue: each run's first workflow task waits in its backlog.
  for (let i = 0; i < 4; i++) {
    const workflowId = `start-gate-${taskQueue}-${i}`;
    await temporal.workflow.start("journeyRun", { taskQueue, workflowId, args: [] });
    started.push(workflowId);
  }
  await waitFor("the backlog of 4 workflow tasks", async () => (await backlog()) >= 4);
});

afterAll(async () => {
  for (const workflowId of started)
    await temporal.workflow
      .getHandle(workflowId)
      .terminate("test over")
      .catch(() => {});
  await connection.close();
});

describe("start gate", () => {
  test("lets a round through while the backlog is at or under the limit", async () => {
    const { client, calls } = countingClient();
    const gate = createStartGate({ temporal: client, taskQueue, maxBacklog: 4, log: quietLog });
    await gate.waitForRoom(new AbortController().signal);
    expect(calls()).toBe(1);
    // Believed for a moment: a busy dispatcher does not ask before every round.
    await gate.waitForRoom(new AbortController().signal);
    expect(calls()).toBe(1);
  });

  test("holds rounds while the backlog is over the limit, asking again until stopped", async () => {
    const { client, calls } = countingClient();
    const gate = createStartGate({ temporal: client, taskQueue, maxBacklog: 3, log: quietLog });
    const stop = new AbortController();
    let isOpen = false;
    const waiting = gate.waitForRoom(stop.signal).then(() => (isOpen = true));
    await waitFor("the gate to ask three times", async () => calls() >= 3);
    expect(isOpen).toBe(false);
    stop.abort();
    await waiting;
  });

  test("never holds dispatch when the limit is 0 or Temporal cannot say", async () => {
    const off = countingClient();
    await createStartGate({ temporal: off.client, taskQueue, maxBacklog: 0, log: quietLog }).waitForRoom(
      new AbortController().signal,
    );
    expect(off.calls()).toBe(0);
    const failing = {
      workflowService: { describeTaskQueue: () => Promise.reject(new Error("unavailable")) },
      options: temporal.options,
    } as unknown as Client;
    await createStartGate({ temporal: failing, taskQueue, maxBacklog: 1, log: quietLog }).waitForRoom(
      new AbortController().signal,
    );
  });
});
