// `pnpm bench:broadcast`: emails per second through a broadcast's send path — the audience
// snapshot, then every page through the `sendBroadcastPage` activity as the worker calls it
// (consent per contact, render, tracking rewrite, the batched `messages` insert, the deliver-once
// hand-off to the outbox, the outcome marks) — against a fresh embedded Postgres, beside a RAW
// BASELINE in the same run: the same renders plus the same batched inserts, nothing else.
// Temporal's scheduling of the pages is not in the figure (one task per 100 emails; bench:latency
// measures it). Prints emails/s for both, their ratio, the projected time for 1 M, and the
// process's peak RSS (the activities run in this process, as in a worker).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { closeDb, createDb, type Db } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { insertMessagesOnce } from "@mailstream/db/queries/messages-batch";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { broadcasts, broadcastVariants, contacts, segmentMemberships, segments } from "@mailstream/db/schema";
import type { Block } from "@mailstream/emails/blocks";
import { createTransport } from "@mailstream/emails/transports";
import { findFreePort } from "@mailstream/runtime/ports";
import { embeddedPostgresUrl, startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import { createActivities, createBroadcastRenderer, type SendBroadcastPageResult } from "@mailstream/activities";
import { loadTemplateVersionForSend, pinTemplateVersion } from "@mailstream/core/templates/load-template";
import { MockActivityEnvironment } from "@temporalio/testing";
import { DefaultLogger } from "@temporalio/worker";
import { describeMachine, formatMachine } from "./machine";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    contacts: { type: "string", default: "100000" },
    json: { type: "boolean", default: false },
  },
});
const total = Number(args.contacts);
if (!Number.isInteger(total) || total < 100)
  throw new Error(`--contacts must be a whole number ≥ 100, got ${args.contacts}`);

const SECRET = "bench-broadcast-secret-0123456789abcdef";
const PAGE = 100;
/** A newsletter in the block model: Liquid in the heading, text and button. */
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

async function seed(db: Db) {
  const workspace = await createWorkspace(db, {
    name: "Broadcast bench",
    slug: `bench-bc-${randomUUID().slice(0, 8)}`,
  });
  const template = await insertTemplate(db, workspace.id, {
    name: "Newsletter",
    subject: 'News for {{ contact.first_name | default: "there" }}',
    preheader: "",
    body: "",
    blocks: BLOCKS,
  });
  const { versionId } = await pinTemplateVersion(db, workspace.id, template.id);
  const [segment] = await db
    .insert(segments)
    .values({ workspaceId: workspace.id, name: "Everyone", definition: { match: "all", groups: [] } })
    .returning({ id: segments.id });
  if (!segment) throw new Error("segment insert returned nothing");
  for (let offset = 0; offset < total; offset += 5_000) {
    const size = Math.min(5_000, total - offset);
    const rows = await db
      .insert(contacts)
      .values(
        Array.from({ length: size }, (_, i) => ({
          workspaceId: workspace.id,
          userId: `bench-${offset + i}`,
          email: `bench-${offset + i}@mailstream.test`,
          traits: { first_name: `Ada ${offset + i}` },
        })),
      )
      .returning({ id: contacts.id });
    await db
      .insert(segmentMemberships)
      .values(rows.map((row) => ({ workspaceId: workspace.id, segmentId: segment.id, contactId: row.id })));
  }
  const [broadcast] = await db
    .insert(broadcasts)
    .values({
      workspaceId: workspace.id,
      name: "Bench",
      segmentId: segment.id,
      status: "scheduled",
      sendAt: new Date(),
    })
    .returning({ id: broadcasts.id });
  if (!broadcast) throw new Error("broadcast insert returned nothing");
  await db.insert(broadcastVariants).values({
    workspaceId: workspace.id,
    broadcastId: broadcast.id,
    key: "A",
    templateId: template.id,
    templateVersionId: versionId,
  });
  return { workspaceId: workspace.id, broadcastId: broadcast.id, versionId, templateId: template.id };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(formatMachine(machine));
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-bench-broadcast-"));
  chmodSync(dir, 0o755);
  const port = await findFreePort();
  log(`starting embedded Postgres on 127.0.0.1:${port}`);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port });
  const url = embeddedPostgresUrl(port);
  try {
    await migrateDatabase(url);
    const { db } = createDb(url);
    log(`seeding ${total} contacts in one segment`);
    const { workspaceId, broadcastId, versionId, templateId } = await seed(db);
    const activities = createActivities({
      db,
      transport: createTransport("outbox"),
      defaultFrom: "Bench <bench@mailstream.test>",
      publicUrl: "http://mailstream.test",
      secret: SECRET,
    });
    const ref = { broadcastId, workspaceId };
    // The page activity heartbeats: it runs in an activity context, as on a worker.
    const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger("ERROR") });

    log("full path: snapshot, then every page through sendBroadcastPage");
    const fullStarted = performance.now();
    const snapshot = await activities.prepareBroadcastSend(ref);
    let sent = 0;
    for (let page = 0; page < snapshot.pageCount; page++) {
      const result: SendBroadcastPageResult = await activityEnv.run(activities.sendBroadcastPage, { ...ref, page });
      sent += result.sent;
      if (page % 100 === 99) log(`  ${sent} sent`);
    }
    const fullSeconds = (performance.now() - fullStarted) / 1_000;
    if (sent !== total) throw new Error(`expected ${total} sent, got ${sent}`);

    log("raw baseline: the same renders and the same batched inserts");
    const renderer = createBroadcastRenderer();
    const template = await loadTemplateVersionForSend(db, workspaceId, versionId);
    if (!template) throw new Error("pinned version vanished");
    const rawStarted = performance.now();
    for (let offset = 0; offset < total; offset += PAGE) {
      const rows = [];
      for (let i = offset; i < Math.min(total, offset + PAGE); i++) {
        const rendered = await renderer.render({
          workspaceId,
          template,
          unsubscribeUrl: "http://mailstream.test/unsubscribe/x",
          context: {
            contact: { first_name: `Ada ${i}`, email: `bench-${i}@mailstream.test`, userId: `bench-${i}` },
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

    const fullRate = total / fullSeconds;
    const rawRate = total / rawSeconds;
    const report = {
      machine,
      contacts: total,
      fullPathEmailsPerSecond: Math.round(fullRate),
      rawBaselineEmailsPerSecond: Math.round(rawRate),
      ratio: Math.round((fullRate / rawRate) * 100) / 100,
      projectedMinutesFor1M: Math.round((1_000_000 / fullRate / 60) * 10) / 10,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100),
    };
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`machine: ${formatMachine(machine)}`);
      console.log(`${total} contacts, pages of ${PAGE}`);
      console.log(`broadcast send path (snapshot + pages): ${report.fullPathEmailsPerSecond} emails/s`);
      console.log(`raw baseline (renders + batched inserts): ${report.rawBaselineEmailsPerSecond} emails/s`);
      console.log(`ratio full / raw: ${report.ratio} · 1 M would take ${report.projectedMinutesFor1M} min`);
      console.log(
        `peak RSS of this process: ${report.peakRssMb} MB (load average ${report.loadAverageAtEnd.join(" / ")})`,
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
