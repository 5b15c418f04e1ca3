// The worker entry point as the supervisor runs it (`node --import tsx src/main.ts`): it waits
// for an unreachable Temporal, says `worker ready` once both workers poll, and exits 0 on
// SIGTERM. It runs in its own namespace so its real `journeys`/`email` pollers never take
// tasks meant for other test files' workers.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client, Connection } from "@temporalio/client";
import { msToTs } from "@temporalio/common/lib/time";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { messages } from "@mailstream/db/schema";
import { findFreePort } from "@mailstream/runtime/ports";
import { testEnv } from "@mailstream/testing/test-env";
import { JOURNEY_TASK_QUEUE } from "@mailstream/temporal-contracts";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import type { journeyRun } from "@mailstream/workflows";

const WORKER_DIR = fileURLToPath(new URL("..", import.meta.url));
const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;
const NAMESPACE = "mailstream-main-test";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Spawns the worker and collects its output lines. */
function spawnWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, "src/main.ts"], {
    cwd: WORKER_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const onData = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  async function waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (child.exitCode !== null)
        throw new Error(`worker exited (${child.exitCode}) before printing ${pattern}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`worker did not print ${pattern} in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { child, exited, waitForOutput, output: () => output };
}

/** Registers this file's namespace (once per test stack) and returns a client for it. */
async function connectToNamespace(address: string): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address });
  await connection.workflowService
    .registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs("1 day") })
    .catch((error: { code?: number }) => {
      if (error.code !== 6) throw error; // 6 = ALREADY_EXISTS
    });
  return { client: new Client({ connection, namespace: NAMESPACE }), close: () => connection.close() };
}

describe("worker main", () => {
  it("prints `worker ready`, runs journeys on the real queues, and drains on SIGTERM with exit code 0", async () => {
    const { databaseUrl, temporalAddress } = testEnv();
    const temporal = await connectToNamespace(temporalAddress);
    try {
      const worker = spawnWorker({
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporalAddress,
        TEMPORAL_NAMESPACE: NAMESPACE,
      });
      await worker.waitForOutput(/^worker ready$/m, 90_000);

      const { db } = createDb(databaseUrl);
      const { workspaceId } = await createWorkspaceFixture(db);
      const { contactId } = await createContactFixture(db, workspaceId);
      const { templateId } = await createTemplateFixture(db, workspaceId);
      const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
      const run = await createRunFixture(db, { workspaceId, contactId, plan });
      const result = await temporal.client.workflow.execute<typeof journeyRun>("journeyRun", {
        taskQueue: JOURNEY_TASK_QUEUE,
        workflowId: run.workflowId,
        args: [run.input],
      });
      expect(result).toEqual({ status: "completed" });
      const sent = await db.select().from(messages).where(eq(messages.runId, run.runId));
      // The env defaults apply: outbox transport and the demo sender.
      expect(sent.map((message) => [message.status, message.transport, message.fromAddress])).toEqual([
        ["sent", "outbox", "Mailstream Demo <demo@mailstream.test>"],
      ]);

      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toMatch(/worker stopping signal=SIGTERM/);
    } finally {
      await temporal.close();
    }
  }, 120_000);

  it("keeps retrying while Temporal is unreachable and still stops cleanly", async () => {
    const port = await findFreePort();
    const worker = spawnWorker({ DATABASE_URL: testEnv().databaseUrl, TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    await worker.waitForOutput(/not reachable yet/);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).not.toMatch(/worker ready/);
  });

  it("refuses a bad environment, naming the variable", async () => {
    const worker = spawnWorker({ DATABASE_URL: testEnv().databaseUrl, TEMPORAL_ADDRESS: "not an address" });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/TEMPORAL_ADDRESS: TEMPORAL_ADDRESS must be host:port/);
  });
});
