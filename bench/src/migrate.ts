// `pnpm bench:migrate`: republish with "move" on many waiting runs (default 1,000) against a
// fresh embedded stack — Postgres, the Temporal dev server and the real worker process. The runs
// wait in version 1 (trigger → wait 1 h → exit); version 2 (wait 1 s → email → exit) is published
// with publishJourneyWithPlan, which records the migration and signals every run in pages. Prints
// how long the signals took, how long until every run had moved (continued-as-new on v2 and
// settled its item), and until every moved run had sent v2's email and completed — and checks
// that none was lost or doubled (one move step, one email per run).
import { randomUUID } from "node:crypto";

import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Client, Connection } from "@temporalio/client";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { getRunMigrationProgress, publishJourneyWithPlan } from "@mailstream/core/journeys/migrate-runs";
import { closeDb, createDb } from "@mailstream/db/client";
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { insertEventsOnce } from "@mailstream/db/queries/events";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { compileGraph } from "@mailstream/journey/compile";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { JOURNEY_TASK_QUEUE } from "@mailstream/temporal-contracts";
import { startTestStack } from "@mailstream/testing/test-stack";
import { describeMachine, formatMachine } from "./machine";
import { startService } from "./services";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { runs: { type: "string", default: "1000" }, json: { type: "boolean", default: false } },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive whole number, got ${args.runs}`);
const EVENT = "bench_migrate_signed_up";

function linear(steps: { id: string; data: JourneyGraph["nodes"][number]["data"] }[]): JourneyGraph {
  const nodes = [{ id: "trigger", data: { kind: "trigger" as const, event: EVENT, filters: [] } }, ...steps].map(
    (node, i) => ({ ...node, position: { x: 250, y: i * 150 } }),
  );
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id, sourceHandle: null }));
  return { nodes, edges } as JourneyGraph;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 600_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return performance.now() - started;
}

type Pool = ReturnType<typeof createDb>["pool"];

async function count(pool: Pool, query: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(query, params);
  return Number(rows[0]?.n ?? 0);
}

async function main() {
  log("starting embedded Postgres and Temporal dev server…");
  const stack = await startTestStack();
  const stops: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const { db, pool } = createDb(stack.databaseUrl);
    pool.on("error", () => {});
    stops.push(() => closeDb(stack.databaseUrl));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: "default",
      EMAIL_RATE_LIMIT_PER_SECOND: "500",
    };
    log("starting the worker (bundles the workflows)…");
    const worker = await startService({
      name: "worker",
      dir: "temporal/worker",
      entry: "src/main.ts",
      env,
      readyLine: /^worker ready$/m,
      timeoutMs: 300_000,
      log,
    });
    stops.push(() => worker.stop());
    const connection = await Connection.connect({ address: stack.temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: "default" });

    const workspace = await createWorkspace(db, { name: "Migrate bench", slug: `bench-${randomUUID().slice(0, 8)}` });
    const workspaceId = workspace.id;
    const template = await insertTemplate(db, workspaceId, {
      name: "Bench v2",
      subject: "Welcome (v2)",
      preheader: "",
      body: "Hi there.",
    });
    const v1 = linear([
      { id: "wait", data: { kind: "wait", duration: { amount: 1, unit: "hours" } } },
      { id: "exit", data: { kind: "exit" } },
    ]);
    const compiled = compileGraph(v1);
    if (!compiled.ok) throw new Error(`v1 does not compile: ${JSON.stringify(compiled.issues)}`);
    const journey = await insertJourney(db, { workspaceId, name: "Migrate", draft: v1 });
    await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph: v1, plan: compiled.plan });

    log(`entering ${RUNS} contacts…`);
    for (let i = 0; i < RUNS; i++) {
      const email = `mover-${i}@mailstream.test`;
      await upsertContactFromIdentify(db, {
        workspaceId,
        userId: `mover-${i}`,
        traits: { email },
        email,
        timezone: null,
      });
    }
    const timestamp = new Date();
    await insertEventsOnce(
      db,
      Array.from({ length: RUNS }, (_, i) => ({
        workspaceId,
        messageId: randomUUID(),
        type: "track" as const,
        userId: `mover-${i}`,
        event: EVENT,
        properties: {},
        timestamp,
      })),
    );
    for (let more = true; more;) {
      const batch = await dispatchBatch({ db, temporal, workspaceIds: [workspaceId], taskQueue: JOURNEY_TASK_QUEUE });
      more = batch.hasMore === true;
    }
    const waitingSql = `select count(*)::int as n from journey_runs where journey_id = $1 and status = 'active' and current_node_id = 'wait'`;
    const enteredMs = await waitUntil(
      `${RUNS} runs waiting`,
      async () => (await count(pool, waitingSql, [journey.id])) === RUNS,
    );
    log(`${RUNS} runs waiting in v1 (${Math.round(enteredMs)} ms after dispatch)`);

    const v2 = linear([
      { id: "wait", data: { kind: "wait", duration: { amount: 1, unit: "seconds" } } },
      { id: "email", data: { kind: "email", templateId: template.id } },
      { id: "exit", data: { kind: "exit" } },
    ]);
    const started = performance.now();
    const published = await publishJourneyWithPlan(
      { db, temporal: async () => temporal },
      { workspaceId, journeyId: journey.id, graph: v2, runs: { mode: "move", mapping: {} } },
    );
    const signalMs = performance.now() - started;
    await waitUntil(
      "every run moved",
      async () => (await getRunMigrationProgress(db, workspaceId, journey.id))?.isDone === true,
    );
    const movedMs = performance.now() - started;
    await waitUntil(
      "every moved run completed",
      async () =>
        (await count(
          pool,
          `select count(*)::int as n from journey_runs where journey_id = $1 and status = 'completed'`,
          [journey.id],
        )) === RUNS,
    );
    const completedMs = performance.now() - started;
    const progress = await getRunMigrationProgress(db, workspaceId, journey.id);
    const onV2 = await count(
      pool,
      `select count(*)::int as n from journey_runs where journey_id = $1 and version_id = $2`,
      [journey.id, published.versionId],
    );
    const moveSteps = await count(
      pool,
      `select count(*)::int as n from run_steps where journey_id = $1 and kind = 'migration' and outcome = 'moved'`,
      [journey.id],
    );
    const emails = await count(
      pool,
      `select count(*)::int as n from messages where journey_id = $1 and node_id = 'email'`,
      [journey.id],
    );
    const doubled = await count(
      pool,
      `select count(*)::int as n from (select run_id from messages where journey_id = $1 group by run_id having count(*) > 1) d`,
      [journey.id],
    );
    const isExact = progress?.moved === RUNS && onV2 === RUNS && moveSteps === RUNS && emails === RUNS && doubled === 0;
    const result = {
      runs: RUNS,
      signalsSentMs: Math.round(signalMs),
      allMovedMs: Math.round(movedMs),
      allCompletedOnV2Ms: Math.round(completedMs),
      signalsPerSecond: Math.round((RUNS / signalMs) * 1000),
      movesPerSecond: Math.round((RUNS / movedMs) * 1000),
      moved: progress?.moved ?? 0,
      failed: progress?.failed ?? 0,
      onV2,
      moveSteps,
      emails,
      doubled,
      isExact,
      machine: describeMachine(),
    };
    if (args.json) console.log(JSON.stringify(result));
    else
      console.log(
        [
          `bench:migrate — ${RUNS} waiting runs moved to a new version (${formatMachine(result.machine)})`,
          `  publish + paged signals:        ${result.signalsSentMs} ms (${result.signalsPerSecond} signals/s)`,
          `  every run moved (settled):      ${result.allMovedMs} ms from the publish (${result.movesPerSecond} runs/s)`,
          `  every run completed on v2:      ${result.allCompletedOnV2Ms} ms (from the publish; 1 s wait + email + exit)`,
          `  moved ${result.moved}, failed ${result.failed}, on v2 ${onV2}, move steps ${moveSteps}, emails ${emails}, doubled ${doubled}`,
          `  none lost or doubled: ${isExact ? "yes" : "NO"}`,
        ].join("\n"),
      );
    if (!isExact) process.exitCode = 1;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error("bench teardown:", error));
  }
}

await main();
