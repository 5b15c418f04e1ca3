// The health check against the real stack, and against a database and a Temporal that
// are not there (free ports nobody listens on).
import { randomUUID } from "node:crypto";
import { Client, Connection } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime, Worker } from "@temporalio/worker";
import { createDb } from "@mailstream/db/client";
import { findFreePort } from "@mailstream/testing/ports";
import { testEnv } from "@mailstream/testing/test-env";
import { beforeAll, describe, expect } from "vitest";
import { dispatcherTest } from "@mailstream/testing/dispatcher-stack";
import { basicAuth, postJson } from "@mailstream/testing/workspace-fixtures";
import type { HealthReport } from "@mailstream/core/health/check-health";
import { handleHealth } from "./health";
import { handleTrack } from "./track";

const env = testEnv();
const { db } = createDb(env.databaseUrl);
const request = new Request("http://127.0.0.1/api/health");

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger("WARN") });
});

async function health(deps: Parameters<typeof handleHealth>[1], taskQueue: string) {
  const res = await handleHealth(request, deps, { taskQueue });
  return { status: res.status, body: (await res.json()) as HealthReport };
}

describe("GET /api/health", () => {
  dispatcherTest("is degraded while no worker polls the queue, ok once one does", async ({ stack }) => {
    const temporal = async () => stack.temporal;
    const taskQueue = `health-${randomUUID().slice(0, 8)}`;
    const before = await health({ db, temporal }, taskQueue);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      status: "degraded",
      components: { database: { ok: true }, temporal: { ok: true }, worker: { ok: false, pollers: 0 } },
    });
    expect(before.body.components.database.latencyMs).toBeGreaterThanOrEqual(0);
    // The dispatch backlog is reported beside the dependencies (the shared test database may hold any).
    expect(before.body.components.dispatch?.waitingEvents).toBeGreaterThanOrEqual(0);

    const workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: "default",
      taskQueue,
      workflowBundle: { codePath: env.workflowBundlePath },
    });
    const running = worker.run();
    try {
      let after = await health({ db, temporal }, taskQueue);
      for (let i = 0; i < 50 && after.body.status !== "ok"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        after = await health({ db, temporal }, taskQueue);
      }
      expect(after.body).toMatchObject({ status: "ok", components: { worker: { ok: true } } });
      expect(after.body.components.worker.pollers).toBeGreaterThan(0);
    } finally {
      worker.shutdown();
      await running;
      await workerConnection.close();
    }
  });

  dispatcherTest("reports Temporal down as degraded (200) and the database down as 503", async ({ stack }) => {
    const temporal = async () => stack.temporal;
    const deadTemporal = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
    const deadDb = createDb(`postgres://nobody:nothing@127.0.0.1:${await findFreePort()}/none`, { max: 1 });
    try {
      const noTemporal = await health(
        { db, temporal: async () => new Client({ connection: deadTemporal }) },
        "journeys",
      );
      expect(noTemporal.status).toBe(200);
      expect(noTemporal.body).toMatchObject({
        status: "degraded",
        components: { database: { ok: true }, temporal: { ok: false }, worker: { ok: false } },
      });

      const noDb = await health({ db: deadDb.db, temporal }, "journeys");
      expect(noDb.status).toBe(503);
      expect(noDb.body.components.database).toMatchObject({ ok: false, latencyMs: null });
      expect(noDb.body.components.dispatch).toBeUndefined();

      // Ingest with the database down: 503 and a message telling the client to retry.
      const res = await handleTrack(
        postJson("/api/v1/track", { userId: "u", event: "x" }, { authorization: basicAuth("ms_wk_x") }),
        { db: deadDb.db },
      );
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
    } finally {
      await deadTemporal.close();
      await deadDb.pool.end();
    }
  });
});
