// `pnpm bench:broadcast [-- --contacts 100000 --rounds 4 --transport outbox|resend-stand-in]`:
// emails per second through a broadcast's send path — the audience snapshot, then every page
// through the `sendBroadcastPage` activity as the worker calls it, three calls in flight as the
// workflow keeps them for a broadcast without throttles (set-based consent reads, render,
// tracking rewrite, the page's messages and skips in one transaction, the batch hand-off to the
// outbox or to Resend's batch endpoint at a local stand-in, the sent marks and events) — against
// a fresh embedded Postgres, beside a RAW BASELINE: the same renders plus the same batched
// inserts, nothing else, one after another (one core; the send path's three calls in flight use
// both: the process renders one page while Postgres writes another). Workspace, template and
// contacts are set up as bench:send's.
// The two run in interleaved rounds (the audience split into one segment and one broadcast per
// round; the baseline renders and inserts the same contacts), after a small warm-up of each; the
// order alternates round by round, so load drift and the growing tables hit both sides alike. It
// prints each round's rates and ratio, their medians (the ratio's median is the figure), the CPU
// per email of each side by process, the projected time for 1 M at the median rate and the
// process's peak RSS (the activities run in this process, as in a worker).
// Temporal's scheduling of the pages is not in the figure (one task per 100 emails; bench:latency
// measures it).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { closeDb, createDb, type Db } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { insertMessagesOnce } from "@mailstream/db/queries/messages-batch";
import { broadcasts, broadcastVariants, segmentMemberships, segments } from "@mailstream/db/schema";
import type { Block } from "@mailstream/emails/blocks";
import { createTransport, type EmailTransport } from "@mailstream/emails/transports";
import { testOutbound } from "@mailstream/testing/outbound";
import { startResendStandIn } from "@mailstream/testing/resend-stand-in";
import { findFreePort } from "@mailstream/runtime/ports";
import { embeddedPostgresUrl, startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import { createActivities, createBroadcastRenderer, type SendBroadcastPageResult } from "@mailstream/activities";
import { loadTemplateVersionForSend } from "@mailstream/core/templates/load-template";
import {
  addStatementStats,
  PG_STATEMENTS_FLAGS,
  printStatementStats,
  readStatementStats,
  resetStatementStats,
  type StatementStats,
} from "./pg-statements";
import { MockActivityEnvironment } from "@temporalio/testing";
import { PAGES_IN_FLIGHT } from "@mailstream/workflows/pages-in-flight";
import { DefaultLogger } from "@temporalio/worker";
import { benchContact, insertBenchContacts, seedBenchWorkspace } from "./bench-seed";
import { describeMachine, formatMachine } from "./machine";
import { addCpuSince, cpuMsPer, formatCpuMs, sampleCpu, type CpuByRole } from "./process-cpu";
import { median } from "./stats";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    contacts: { type: "string", default: "100000" },
    rounds: { type: "string", default: "4" },
    "pg-statements": { type: "boolean", default: false },
    transport: { type: "string", default: "outbox" },
    json: { type: "boolean", default: false },
  },
});
const total = Number(args.contacts);
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a positive whole number, got ${args.rounds}`);
if (!Number.isInteger(total) || total < 100 * rounds || total % rounds !== 0)
  throw new Error(`--contacts must be a whole multiple of --rounds with ≥ 100 per round, got ${args.contacts}`);
if (args.transport !== "outbox" && args.transport !== "resend-stand-in")
  throw new Error(`--transport must be outbox or resend-stand-in, got ${args.transport}`);
/** Each round's audience: one segment, one broadcast, and as many baseline renders. */
const perRound = total / rounds;
/** The warm-up's audience (not measured): the JIT, the compiled template and the pool warmed for both sides. */
const WARM_UP = 1_000;

const SECRET = "bench-broadcast-secret-0123456789abcdef";
const PAGE = 100;
/** A newsletter in the block model: Liquid in the heading, text and button. */
const TEMPLATE = {
  subject: 'News for {{ contact.first_name | default: "there" }}',
  preheader: "",
  body: "",
  blocks: [] as Block[],
};
const BLOCKS: Block[] = [
  { type: "heading", id: "title", level: 1, text: 'News for you, {{ contact.first_name | default: "there" }}' },
  { type: "text", id: "intro", text: "This month: **three** new features and a sale.\nRead on for the details." },
  { type: "divider", id: "rule" },
  {
    type: "button",
    id: "cta",
    label: "See what is new",
    url: "https://shop.mailstream.test/news?u={{ contact.userId }}",
  },
  { type: "text", id: "signoff", text: "The Shop team" },
];
TEMPLATE.blocks = BLOCKS;

/** One broadcast per audience: audience 0 is the warm-up, audience r the measured round r. */
async function seed(db: Db, audiences: readonly { offset: number; size: number }[]) {
  const { workspaceId, templateId, versionId } = await seedBenchWorkspace(db, "Broadcast bench", TEMPLATE);
  const segmentIds: string[] = [];
  for (const [i] of audiences.entries()) {
    const [segment] = await db
      .insert(segments)
      .values({ workspaceId, name: `Audience ${i}`, definition: { match: "all", groups: [] } })
      .returning({ id: segments.id });
    if (!segment) throw new Error("segment insert returned nothing");
    segmentIds.push(segment.id);
  }
  const audienceOf = (index: number) =>
    audiences.findIndex(({ offset, size }) => index >= offset && index < offset + size);
  const contactCount = audiences.reduce((sum, { size }) => sum + size, 0);
  await insertBenchContacts(db, workspaceId, contactCount, async (ids, offset) => {
    await db.insert(segmentMemberships).values(
      ids.map((contactId, i) => ({
        workspaceId,
        segmentId: segmentIds[audienceOf(offset + i)] as string,
        contactId,
      })),
    );
  });
  const broadcastIds: string[] = [];
  for (const [i, segmentId] of segmentIds.entries()) {
    const [broadcast] = await db
      .insert(broadcasts)
      .values({ workspaceId, name: `Bench ${i}`, segmentId, status: "scheduled", sendAt: new Date() })
      .returning({ id: broadcasts.id });
    if (!broadcast) throw new Error("broadcast insert returned nothing");
    await db
      .insert(broadcastVariants)
      .values({ workspaceId, broadcastId: broadcast.id, key: "A", templateId, templateVersionId: versionId });
    broadcastIds.push(broadcast.id);
  }
  return { workspaceId, broadcastIds, versionId, templateId };
}

/** The transport the pages hand over to: the outbox, or Resend's batch endpoint at a local stand-in. */
async function startTransport(): Promise<{ transport: EmailTransport; close: () => Promise<void> }> {
  if (args.transport === "outbox") return { transport: createTransport("outbox"), close: async () => {} };
  const standIn = await startResendStandIn();
  const transport = createTransport("resend", {
    resendApiKey: "re_bench",
    resendBaseUrl: standIn.baseUrl,
    outbound: testOutbound,
  });
  return { transport, close: () => standIn.close() };
}

type Side = "full" | "raw";

async function main(): Promise<void> {
  const machine = describeMachine();
  log(formatMachine(machine));
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-bench-broadcast-"));
  chmodSync(dir, 0o755);
  const port = await findFreePort();
  log(`starting embedded Postgres on 127.0.0.1:${port}`);
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port,
    ...(args["pg-statements"] ? { postgresFlags: PG_STATEMENTS_FLAGS } : {}),
  });
  const url = embeddedPostgresUrl(port);
  try {
    await migrateDatabase(url);
    const { db, pool } = createDb(url);
    const audiences = [
      { offset: 0, size: WARM_UP },
      ...Array.from({ length: rounds }, (_, r) => ({ offset: WARM_UP + r * perRound, size: perRound })),
    ];
    log(`seeding ${total + WARM_UP} contacts in ${audiences.length} segments (a warm-up and ${rounds} rounds)`);
    const { workspaceId, broadcastIds, versionId, templateId } = await seed(db, audiences);
    const loadAtStart = os.loadavg().map((load) => Math.round(load * 100) / 100);
    const { transport, close: closeTransport } = await startTransport();
    const activities = createActivities({
      db,
      transport,
      defaultFrom: "Bench <bench@mailstream.test>",
      publicUrl: "http://mailstream.test",
      secret: SECRET,
    });
    // The page activity heartbeats: it runs in an activity context, as on a worker; one per call in flight.
    const activityEnvs = Array.from(
      { length: PAGES_IN_FLIGHT },
      () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger("ERROR") }),
    );
    const renderer = createBroadcastRenderer();
    const template = await loadTemplateVersionForSend(db, workspaceId, versionId);
    if (!template) throw new Error("pinned version vanished");

    /** The send path for audience `a`: its broadcast's snapshot, then every page. */
    const sendBroadcast = async (a: number) => {
      const ref = { broadcastId: broadcastIds[a] as string, workspaceId };
      const snapshot = await activities.prepareBroadcastSend(ref);
      let sent = 0;
      let nextPage = 0;
      // As broadcastSend calls them (broadcast-pages-in-flight.ts): each call in flight takes the
      // next page as soon as its last one is done. No throttle here, so each call settles its page.
      const callPages = async (activityEnv: MockActivityEnvironment) => {
        while (nextPage < snapshot.pageCount) {
          const page = nextPage++;
          const input = { ...ref, page, spread: true };
          const result: SendBroadcastPageResult = await activityEnv.run(activities.sendBroadcastPage, input);
          if (result.pending > 0) throw new Error(`page ${page} left ${result.pending} pending without a throttle`);
          sent += result.sent;
        }
      };
      await Promise.all(activityEnvs.map(callPages));
      const { size } = audiences[a] as { size: number };
      if (sent !== size) throw new Error(`audience ${a}: expected ${size} sent, got ${sent}`);
    };
    /** The raw baseline for audience `a`: the same contacts rendered, in pages, each page one batched insert. */
    const rawBaseline = async (a: number) => {
      const { offset, size } = audiences[a] as { offset: number; size: number };
      for (let start = offset; start < offset + size; start += PAGE) {
        const rows = [];
        for (let i = start; i < Math.min(offset + size, start + PAGE); i++) {
          const contact = benchContact(i);
          const rendered = await renderer.render({
            workspaceId,
            template,
            unsubscribeUrl: "http://mailstream.test/unsubscribe/x",
            tracking: null, // the render alone, as before links were tracked inside it
            context: {
              contact: { ...contact.traits, email: contact.email, userId: contact.userId },
              event: {},
              journey: { id: "", name: "" },
              workspace: {},
            },
          });
          rows.push({
            workspaceId,
            templateId,
            idempotencyKey: `raw:${broadcastIds[a]}:${i}`,
            toAddress: contact.email,
            fromAddress: "bench@mailstream.test",
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            transport: "outbox",
          });
        }
        await insertMessagesOnce(db, rows);
      }
    };

    log(`warm-up: ${WARM_UP} emails through each side (not measured)`);
    await sendBroadcast(0);
    await rawBaseline(0);

    const rates: Record<Side, number[]> = { full: [], raw: [] };
    const cpu: Record<Side, CpuByRole> = { full: {}, raw: {} };
    const statements = new Map<string, StatementStats>();
    /** One side's run over audience `a`, in emails/s; its CPU (and for the send path its statements) added up. */
    const measure = async (side: Side, a: number) => {
      if (side === "full" && args["pg-statements"]) await resetStatementStats(pool);
      const cpuBefore = sampleCpu();
      const started = performance.now();
      await (side === "full" ? sendBroadcast(a) : rawBaseline(a));
      const seconds = (performance.now() - started) / 1_000;
      addCpuSince(cpu[side], cpuBefore);
      if (side === "full" && args["pg-statements"]) addStatementStats(statements, await readStatementStats(pool));
      return perRound / seconds;
    };
    log(`${rounds} rounds of ${perRound} emails each side, ${PAGES_IN_FLIGHT} page calls in flight on the send path`);
    for (let round = 1; round <= rounds; round++) {
      // Alternating who goes first: drift, and the tables growing round by round, hit both sides alike.
      const order: Side[] = round % 2 === 1 ? ["full", "raw"] : ["raw", "full"];
      for (const side of order) rates[side].push(await measure(side, round));
      const [full, raw] = [rates.full.at(-1) as number, rates.raw.at(-1) as number];
      log(
        `round ${round}/${rounds} (${order.join(" then ")}): send path ${full.toFixed(0)}/s, raw baseline ${raw.toFixed(0)}/s, ratio ${(full / raw).toFixed(2)}`,
      );
    }
    await closeTransport();
    const emails = rounds * perRound;
    if (args["pg-statements"])
      await printStatementStats(pool, { units: emails, unit: "email", print: log, rows: [...statements.values()] });

    const ratios = rates.full.map((full, i) => full / (rates.raw[i] as number));
    const fullRate = median(rates.full);
    const round2 = (value: number) => Math.round(value * 100) / 100;
    const report = {
      machine,
      contacts: total,
      rounds,
      transport: args.transport,
      pagesInFlight: PAGES_IN_FLIGHT,
      fullPathEmailsPerSecond: { median: Math.round(fullRate), rounds: rates.full.map(Math.round) },
      rawBaselineEmailsPerSecond: { median: Math.round(median(rates.raw)), rounds: rates.raw.map(Math.round) },
      /** The median of the rounds' ratios: each compares two runs made back to back. */
      ratio: { median: round2(median(ratios)), rounds: ratios.map(round2) },
      /** CPU milliseconds per email by role (this process, Postgres), over all rounds: under load, rates measure waiting too. */
      cpuMsPerEmail: { full: cpuMsPer(cpu.full, emails), raw: cpuMsPer(cpu.raw, emails) },
      projectedMinutesFor1M: Math.round((1_000_000 / fullRate / 60) * 10) / 10,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg().map(round2),
    };
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      const list = (values: readonly number[]) => values.join(" / ");
      console.log(`machine: ${formatMachine(machine)}`);
      console.log(
        `${total} contacts in ${rounds} interleaved rounds of ${perRound} per side, pages of ${PAGE}, transport ${args.transport}`,
      );
      console.log(
        `broadcast send path (snapshot + pages, ${PAGES_IN_FLIGHT} calls in flight: both cores): median ${report.fullPathEmailsPerSecond.median} emails/s (rounds ${list(report.fullPathEmailsPerSecond.rounds)})`,
      );
      console.log(
        `raw baseline (renders + batched inserts, one after another: one core): median ${report.rawBaselineEmailsPerSecond.median} emails/s (rounds ${list(report.rawBaselineEmailsPerSecond.rounds)})`,
      );
      console.log(
        `ratio full / raw: median ${report.ratio.median} (rounds ${list(report.ratio.rounds)}) · 1 M would take ${report.projectedMinutesFor1M} min`,
      );
      const { full: fullMs, raw: rawMs } = report.cpuMsPerEmail;
      console.log(
        `CPU per email: send path ${fullMs.sum.toFixed(2)} ms (${formatCpuMs(fullMs.byRole)}), raw ${rawMs.sum.toFixed(2)} ms (${formatCpuMs(rawMs.byRole)}); raw CPU / send-path CPU: ${(rawMs.sum / fullMs.sum).toFixed(2)}`,
      );
      console.log(
        `peak RSS of this process: ${report.peakRssMb} MB (load average at start ${report.loadAverageAtStart.join(" / ")}, at end ${report.loadAverageAtEnd.join(" / ")})`,
      );
    }
  } finally {
    await closeDb(url).catch(() => {});
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("bench:broadcast failed:", error);
    process.exit(1);
  },
);
