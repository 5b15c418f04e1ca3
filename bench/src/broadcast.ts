// `pnpm bench:broadcast [-- --contacts 100000 --transport outbox|resend-stand-in]`: emails per
// second through a broadcast's send path — the audience snapshot, then every page through the
// `sendBroadcastPage` activity as the worker calls it, three calls in flight as the workflow keeps
// them for a broadcast without throttles (set-based consent reads, render, tracking
// rewrite, the page's messages and skips in one transaction, the batch hand-off to the outbox or
// to Resend's batch endpoint at a local stand-in, the sent marks and events) — against a fresh
// embedded Postgres, beside a RAW BASELINE in the same run: the same renders plus the same
// batched inserts, nothing else, one after another (one core; the send path's three calls in flight
// use both: the process renders one page while Postgres writes another). Workspace, template and
// contacts are set up as bench:send's.
// Temporal's scheduling of the pages is not in the figure (one task per 100 emails; bench:latency
// measures it). Prints emails/s for both, their ratio, the projected time for 1 M, and the
// process's peak RSS (the activities run in this process, as in a worker).
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
import { PG_STATEMENTS_FLAGS, printStatementStats, resetStatementStats } from "./pg-statements";
import { MockActivityEnvironment } from "@temporalio/testing";
import { PAGES_IN_FLIGHT } from "@mailstream/workflows/pages-in-flight";
import { DefaultLogger } from "@temporalio/worker";
import { benchContact, insertBenchContacts, seedBenchWorkspace } from "./bench-seed";
import { describeMachine, formatMachine } from "./machine";
import { addCpuSince, cpuMsPer, formatCpuMs, sampleCpu, type CpuByRole } from "./process-cpu";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    contacts: { type: "string", default: "100000" },
    "pg-statements": { type: "boolean", default: false },
    transport: { type: "string", default: "outbox" },
    json: { type: "boolean", default: false },
  },
});
const total = Number(args.contacts);
if (!Number.isInteger(total) || total < 100)
  throw new Error(`--contacts must be a whole number ≥ 100, got ${args.contacts}`);
if (args.transport !== "outbox" && args.transport !== "resend-stand-in")
  throw new Error(`--transport must be outbox or resend-stand-in, got ${args.transport}`);

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

async function seed(db: Db) {
  const { workspaceId, templateId, versionId } = await seedBenchWorkspace(db, "Broadcast bench", TEMPLATE);
  const [segment] = await db
    .insert(segments)
    .values({ workspaceId, name: "Everyone", definition: { match: "all", groups: [] } })
    .returning({ id: segments.id });
  if (!segment) throw new Error("segment insert returned nothing");
  await insertBenchContacts(db, workspaceId, total, async (ids) => {
    await db
      .insert(segmentMemberships)
      .values(ids.map((contactId) => ({ workspaceId, segmentId: segment.id, contactId })));
  });
  const [broadcast] = await db
    .insert(broadcasts)
    .values({ workspaceId, name: "Bench", segmentId: segment.id, status: "scheduled", sendAt: new Date() })
    .returning({ id: broadcasts.id });
  if (!broadcast) throw new Error("broadcast insert returned nothing");
  await db
    .insert(broadcastVariants)
    .values({ workspaceId, broadcastId: broadcast.id, key: "A", templateId, templateVersionId: versionId });
  return { workspaceId, broadcastId: broadcast.id, versionId, templateId };
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
    log(`seeding ${total} contacts in one segment`);
    const { workspaceId, broadcastId, versionId, templateId } = await seed(db);
    const loadAtStart = os.loadavg().map((load) => Math.round(load * 100) / 100);
    const { transport, close: closeTransport } = await startTransport();
    const activities = createActivities({
      db,
      transport,
      defaultFrom: "Bench <bench@mailstream.test>",
      publicUrl: "http://mailstream.test",
      secret: SECRET,
    });
    const ref = { broadcastId, workspaceId };
    // The page activity heartbeats: it runs in an activity context, as on a worker; one per call in flight.
    const activityEnvs = Array.from(
      { length: PAGES_IN_FLIGHT },
      () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger("ERROR") }),
    );

    if (args["pg-statements"]) await resetStatementStats(pool);
    log(`full path: snapshot, then every page through sendBroadcastPage, ${PAGES_IN_FLIGHT} calls in flight`);
    const fullCpu: CpuByRole = {};
    let cpuBefore = sampleCpu();
    const fullStarted = performance.now();
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
        if (page % 100 === 99) log(`  ${sent} sent`);
      }
    };
    await Promise.all(activityEnvs.map(callPages));
    const fullSeconds = (performance.now() - fullStarted) / 1_000;
    addCpuSince(fullCpu, cpuBefore);
    if (sent !== total) throw new Error(`expected ${total} sent, got ${sent}`);

    if (args["pg-statements"]) await printStatementStats(pool, { units: total, unit: "email", print: log });
    log("raw baseline: the same renders and the same batched inserts");
    const renderer = createBroadcastRenderer();
    const template = await loadTemplateVersionForSend(db, workspaceId, versionId);
    if (!template) throw new Error("pinned version vanished");
    const rawCpu: CpuByRole = {};
    cpuBefore = sampleCpu();
    const rawStarted = performance.now();
    for (let offset = 0; offset < total; offset += PAGE) {
      const rows = [];
      for (let i = offset; i < Math.min(total, offset + PAGE); i++) {
        const contact = benchContact(i);
        const rendered = await renderer.render({
          workspaceId,
          template,
          unsubscribeUrl: "http://mailstream.test/unsubscribe/x",
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
          idempotencyKey: `raw:${broadcastId}:${i}`,
          toAddress: `bench-${i}@mailstream.test`,
          fromAddress: "bench@mailstream.test",
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          transport: "outbox",
        });
      }
      await insertMessagesOnce(db, rows);
    }
    const rawSeconds = (performance.now() - rawStarted) / 1_000;
    addCpuSince(rawCpu, cpuBefore);
    await closeTransport();

    const fullRate = total / fullSeconds;
    const rawRate = total / rawSeconds;
    const report = {
      machine,
      contacts: total,
      transport: args.transport,
      pagesInFlight: PAGES_IN_FLIGHT,
      fullPathEmailsPerSecond: Math.round(fullRate),
      rawBaselineEmailsPerSecond: Math.round(rawRate),
      ratio: Math.round((fullRate / rawRate) * 100) / 100,
      /** CPU milliseconds per email by role (this process, Postgres): under load, rates measure waiting too. */
      cpuMsPerEmail: { full: cpuMsPer(fullCpu, total), raw: cpuMsPer(rawCpu, total) },
      projectedMinutesFor1M: Math.round((1_000_000 / fullRate / 60) * 10) / 10,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100),
    };
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`machine: ${formatMachine(machine)}`);
      console.log(`${total} contacts, pages of ${PAGE}, transport ${args.transport}`);
      console.log(
        `broadcast send path (snapshot + pages, ${PAGES_IN_FLIGHT} calls in flight: both cores): ${report.fullPathEmailsPerSecond} emails/s`,
      );
      console.log(
        `raw baseline (renders + batched inserts, one after another: one core): ${report.rawBaselineEmailsPerSecond} emails/s`,
      );
      console.log(`ratio full / raw: ${report.ratio} · 1 M would take ${report.projectedMinutesFor1M} min`);
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
