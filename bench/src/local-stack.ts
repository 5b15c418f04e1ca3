// The benchmark's own stack, built the way integration tests build theirs: a fresh
// embedded Postgres and Temporal dev server on free ports (startTestStack), the worker and
// the dispatcher as child processes from their real entry points, and ingest served by the
// web process's own ingest listener in a process of its own (web-ingest/web-ingest.ts), as
// `npm start` serves it. Seeds one workspace with a live journey trigger → email → exit.
import { randomUUID } from "node:crypto";
import { findFreePort } from "@mailstream/runtime/ports";
import { closeDb, createDb, type Db } from "@mailstream/db/client";
import { generateApiKey, insertApiKey } from "@mailstream/db/queries/api-keys";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { pinTemplateVersions } from "@mailstream/core/journeys/pin-template-versions";
import { compileGraph } from "@mailstream/journey/compile";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { startTestStack } from "@mailstream/testing/test-stack";
import { startService } from "./services";
import { basicAuth, type BenchTarget } from "./target";

export const EVENT_NAME = "bench_signed_up";

/** A workspace with a write key and a live journey `bench_signed_up` → email → exit. */
export async function seedWorkspace(
  db: Db,
  name = "Latency bench",
): Promise<{ workspaceId: string; writeKey: string }> {
  const workspace = await createWorkspace(db, { name, slug: `bench-${randomUUID().slice(0, 8)}` });
  const writeKey = generateApiKey("write");
  await insertApiKey(db, workspace.id, "write", writeKey);
  const template = await insertTemplate(db, workspace.id, {
    name: "Bench welcome",
    subject: 'Welcome, {{ contact.first_name | default: "there" }}!',
    preheader: "",
    body: 'Hi {{ contact.first_name | default: "there" }},\n\nThanks for signing up.',
  });
  const graph: JourneyGraph = {
    nodes: [
      { id: "trigger", position: { x: 250, y: 0 }, data: { kind: "trigger", event: EVENT_NAME, filters: [] } },
      { id: "email", position: { x: 250, y: 150 }, data: { kind: "email", templateId: template.id } },
      { id: "exit", position: { x: 250, y: 300 }, data: { kind: "exit" } },
    ],
    edges: [
      { id: "trigger->email", source: "trigger", target: "email", sourceHandle: null },
      { id: "email->exit", source: "email", target: "exit", sourceHandle: null },
    ],
  };
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error(`bench journey does not compile: ${JSON.stringify(compiled.issues)}`);
  const journey = await insertJourney(db, { workspaceId: workspace.id, name: "Bench", draft: graph });
  // Pinned as publishing pins it (core/journeys/publish-journey.ts): sends render the version.
  const plan = await pinTemplateVersions(db, workspace.id, compiled.plan);
  await insertPublishedVersion(db, { workspaceId: workspace.id, journeyId: journey.id, graph, plan });
  return { workspaceId: workspace.id, writeKey };
}

export async function startLocalTarget(options: {
  emailRatePerSecond: number;
  /** Node flags for the worker, the dispatcher and the web ingest process, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  nodeArgs?: string[];
  /** Extra environment for the worker, the dispatcher and the web ingest process (e.g. where a preloaded hook writes). */
  env?: NodeJS.ProcessEnv;
  /** More Postgres server flags (`--pg-statements`). */
  postgresFlags?: readonly string[];
  /** Worker processes polling the same task queues (default 1). */
  workers?: number;
  log: (line: string) => void;
}): Promise<BenchTarget> {
  options.log("starting embedded Postgres and Temporal dev server…");
  // Commits wait for the disk, as in a deployment (the test suites skip that).
  const stack = await startTestStack({
    durableCommits: true,
    ...(options.postgresFlags ? { postgresFlags: options.postgresFlags } : {}),
  });
  const stops: (() => Promise<void>)[] = [() => stack.stop()];
  let isStopped = false;
  const stopAll = async () => {
    if (isStopped) return;
    isStopped = true;
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error("bench teardown:", error));
  };
  try {
    const { db, pool } = createDb(stack.databaseUrl);
    pool.on("error", () => {}); // idle connections die when the stack stops; nothing to do
    stops.push(() => closeDb(stack.databaseUrl));
    const { workspaceId, writeKey } = await seedWorkspace(db);

    // The worker and dispatcher run from their real entry points with their own env.ts,
    // exactly as `npm start` spawns them; React renders in production mode as in a deployment.
    const serviceEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: "default",
      EMAIL_RATE_LIMIT_PER_SECOND: String(options.emailRatePerSecond),
      ...options.env,
    };
    const workers = options.workers ?? 1;
    options.log(`starting ${workers} worker process(es) (bundles the workflows) and the dispatcher…`);
    const started = await Promise.allSettled([
      ...Array.from({ length: workers }, (_, i) =>
        startService({
          name: workers === 1 ? "worker" : `worker ${i + 1}`,
          dir: "temporal/worker",
          entry: "src/main.ts",
          env: serviceEnv,
          nodeArgs: options.nodeArgs ?? [],
          readyLine: /^worker ready$/m,
          timeoutMs: 180_000,
          log: options.log,
        }),
      ),
      startService({
        name: "dispatcher",
        dir: "apps/dispatcher",
        entry: "src/main.ts",
        env: serviceEnv,
        nodeArgs: options.nodeArgs ?? [],
        readyLine: /^dispatcher ready$/m,
        timeoutMs: 60_000,
        log: options.log,
      }),
    ]);
    for (const result of started) if (result.status === "fulfilled") stops.push(() => result.value.stop());
    const failed = started.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;

    const port = await findFreePort();
    const web = await startService({
      name: "web ingest",
      dir: "bench/src/web-ingest",
      entry: "web-ingest.ts",
      args: ["--port", String(port)],
      env: serviceEnv,
      nodeArgs: options.nodeArgs ?? [],
      readyLine: /^web ingest listening on /m,
      timeoutMs: 60_000,
      log: options.log,
    });
    stops.push(() => web.stop());

    return {
      description:
        "own embedded stack on 127.0.0.1: Postgres + Temporal dev server, worker, dispatcher and web ingest processes",
      trackUrl: `http://127.0.0.1:${port}/api/v1/track`,
      authorization: basicAuth(writeKey),
      eventName: EVENT_NAME,
      temporalAddress: stack.temporalAddress,
      databaseUrl: stack.databaseUrl,
      async findSentTimes(userIds) {
        // One row per contact: its first message, the run that sent it and the trigger event.
        const { rows } = await pool.query<{
          user_id: string;
          sent: string;
          claimed: string;
          run: string;
          created: string;
        }>(
          `select distinct on (c.user_id) c.user_id,
                  extract(epoch from m.sent_at) * 1000 as sent,
                  extract(epoch from e.dispatched_at) * 1000 as claimed,
                  extract(epoch from r.started_at) * 1000 as run,
                  extract(epoch from m.created_at) * 1000 as created
             from messages m
             join contacts c on c.id = m.contact_id
             join journey_runs r on r.id = m.run_id
             join events e on e.id = r.trigger_event_id
            where m.workspace_id = $1 and m.sent_at is not null and e.dispatched_at is not null and c.user_id = any($2)
            order by c.user_id, m.sent_at`,
          [workspaceId, userIds],
        );
        return new Map(
          rows.map((row) => [
            row.user_id,
            {
              sentAt: Number(row.sent),
              stages: {
                claimedAt: Number(row.claimed),
                runCreatedAt: Number(row.run),
                messageCreatedAt: Number(row.created),
              },
            },
          ]),
        );
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
