// `pnpm bench:send`: emails per second through the FULL `sendEmail` activity path — contact,
// template, journey and workspace reads, consent (suppression + topic), rendering (the
// template compiled once per version, then Liquid per contact), tracking rewrite, the
// idempotent `messages` insert, and the locked deliver-once hand-off to the outbox transport —
// against a real (fresh, embedded) Postgres, beside RAW BASELINES in the same run: rendering
// the same template for the same contacts with nothing else, compiled (what the send path
// does; the goal is the full path at ≥ 0.5 of it) and through react-email per contact
// (`renderEmail`, what the send path did before templates were compiled). The template is a block document (heading, text, columns, a
// repeat over the event's items, a conditional, a button) with Liquid throughout. Several
// rounds each, interleaved so load drift hits both; medians and the ratio are printed. The activity is called as the worker would (same factory, same
// deps); Temporal's own scheduling is not part of this figure (bench:latency measures that).
// The calls in flight (`--concurrency`, 8 by default; 32 shows larger batches; 100 is what a loaded
// worker runs: the SDK's default of concurrent activities, which temporal/worker keeps) are
// coalesced into batches as on a worker (temporal/activities/src/send-batch.ts): a batch holds at
// most that many (and at most MAX_SEND_BATCH). `--cpu-prof <file>` profiles the full-path rounds.
// A worker also makes each send take a slot of the email queue's rate shared in Postgres (one
// upsert, temporal/activities/src/provider-rate.ts), which needs an activity context; the bench
// times that statement alone, in the same rounds, on one hot key, and prints its share of a send.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { closeDb, createDb, type Db } from "@mailstream/db/client";
import { migrateDatabase } from "@mailstream/db/migrate";
import { reserveSendSlots } from "@mailstream/db/queries/send-rate-limits";
import { createTopic } from "@mailstream/db/queries/subscription-topics";
import { journeyRuns, journeys, journeyVersions } from "@mailstream/db/schema";
import type { Block } from "@mailstream/emails/blocks";
import { compileTemplate, renderCompiled } from "@mailstream/emails/compiled";
import { renderEmail } from "@mailstream/emails/render";
import { createTransport } from "@mailstream/emails/transports";
import { findFreePort } from "@mailstream/runtime/ports";
import { embeddedPostgresUrl, startEmbeddedPostgres } from "@mailstream/runtime/postgres";
import { createActivities, type SendEmailInput } from "@mailstream/activities";
import { insertBenchContacts, seedBenchWorkspace } from "./bench-seed";
import { PG_STATEMENTS_FLAGS, printStatementStats, resetStatementStats } from "./pg-statements";
import { describeMachine, formatMachine } from "./machine";
import { startCpuProfiler } from "./cpu-profile";
import { addCpuSince, cpuMsPer, formatCpuMs, sampleCpu, type CpuByRole } from "./process-cpu";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const { values: args } = parseArgs({
  // `pnpm run send -- --emails 20` forwards the `--` itself.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    emails: { type: "string", default: "300" },
    rounds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "8" },
    json: { type: "boolean", default: false },
    "pg-statements": { type: "boolean", default: false },
    // The journey send as the workflow calls it now: the email step (LEAN_SEND_PATCH) and the
    // exit after it (WORKER_LEAN_PATCH) are written in the hand-off's transaction.
    steps: { type: "boolean", default: false },
    // A V8 profile of the bench process over the measured full-path rounds only (cpu-profile.ts).
    "cpu-prof": { type: "string" },
  },
});
const emailsPerRound = Number(args.emails);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
for (const [name, value] of [
  ["emails", emailsPerRound],
  ["rounds", rounds],
  ["concurrency", concurrency],
] as const) {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive whole number, got ${String(value)}`);
}

const SECRET = "bench-send-secret-0123456789abcdef";
/**
 * A realistic order email in the block model the editor saves: a heading and text with Liquid
 * (defaults included), a personalized button, two columns, a repeat over the event's items and
 * a conditional — the work every journey email does per recipient.
 */
const BLOCKS: Block[] = [
  {
    type: "heading",
    id: "title",
    level: 1,
    text: 'Thanks for your order, {{ contact.first_name | default: "there" }}!',
  },
  {
    type: "text",
    id: "intro",
    text: 'Your **{{ event.plan | default: "free" }}** plan order is confirmed.\nWe will email you when it ships.',
  },
  {
    type: "columns",
    id: "summary",
    columns: [
      [{ type: "image", id: "logo", src: "https://cdn.mailstream.test/logo.png", alt: "Shop logo", width: 120 }],
      [
        {
          type: "text",
          id: "total",
          text: "Order total: **{{ event.properties.total | default: 0 }} EUR**\nItems: {{ event.properties.items | size }}",
        },
      ],
    ],
  },
  { type: "divider", id: "rule" },
  {
    type: "repeat",
    id: "items",
    path: "event.properties.items",
    as: "item",
    blocks: [
      {
        type: "text",
        id: "line",
        text: "{{ forloop.index }}. [{{ item.name }}]({{ item.url }}) — {{ item.price | default: 0 }} EUR",
      },
    ],
  },
  {
    type: "conditional",
    id: "vip",
    condition: 'event.plan == "pro"',
    blocks: [{ type: "text", id: "perk", text: "Pro members get free express shipping." }],
  },
  {
    type: "button",
    id: "cta",
    label: "Track your order",
    url: "https://shop.mailstream.test/orders?u={{ contact.userId | default: 'guest' }}",
  },
  { type: "spacer", id: "gap", height: 16 },
  { type: "text", id: "signoff", text: "The Shop team" },
];
const TEMPLATE = {
  subject: 'Your order, {{ contact.first_name | default: "there" }}',
  preheader: "{{ event.properties.items | size }} items on their way",
  body: "",
  blocks: BLOCKS,
};
const ITEMS = ["Lamp", "Desk", "Chair"].map((name, i) => ({
  name,
  price: 30 + i * 45,
  url: `https://shop.mailstream.test/p/${name.toLowerCase()}`,
}));
const TRIGGER_PROPERTIES = { plan: "pro", total: 165, items: ITEMS };

/** Runs `count` tasks with at most `concurrency` in flight; returns emails per second. */
async function timed(count: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) await task(i);
    }),
  );
  return count / ((performance.now() - started) / 1_000);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** One workspace with a topic, a block template, a journey version and one run row per send. */
async function seed(db: Db, total: number) {
  const {
    workspaceId,
    templateId,
    versionId: templateVersionId,
  } = await seedBenchWorkspace(db, "Send bench", TEMPLATE);
  const topic = await createTopic(db, workspaceId, { name: "Bench news", description: "", defaultMode: "opt_out" });
  const graph = { nodes: [], edges: [] };
  const [journey] = await db
    .insert(journeys)
    .values({ workspaceId, name: "Bench", status: "live", draft: graph })
    .returning({ id: journeys.id });
  if (!journey) throw new Error("journey insert returned nothing");
  // Publishing pins the template version the email step renders; sends read it by that id.
  const plan = {
    format: 1,
    trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
    entry: "email",
    steps: { email: { kind: "email", id: "email", templateId, templateVersionId, next: null } },
  };
  const [version] = await db
    .insert(journeyVersions)
    .values({ journeyId: journey.id, version: 1, graph, plan: plan as never })
    .returning({ id: journeyVersions.id });
  if (!version) throw new Error("version insert returned nothing");
  const inputs: SendEmailInput[] = [];
  await insertBenchContacts(
    db,
    workspaceId,
    total,
    async (contactIds) => {
      const runRows = await db
        .insert(journeyRuns)
        .values(
          contactIds.map((contactId) => ({
            workspaceId,
            journeyId: journey.id,
            versionId: version.id,
            contactId,
            workflowId: `bench:${randomUUID()}`,
            triggerEventId: randomUUID(),
          })),
        )
        .returning({ id: journeyRuns.id, contactId: journeyRuns.contactId });
      for (const run of runRows) {
        inputs.push({
          runId: run.id,
          workspaceId,
          journeyId: journey.id,
          contactId: run.contactId,
          nodeId: "email",
          templateId,
          topicId: topic.id,
          trigger: { eventId: randomUUID(), event: "signed_up", properties: TRIGGER_PROPERTIES, traits: {} },
          ...(args.steps ? { stepSeq: 1, exitStep: { nodeId: "exit" } } : {}),
        });
      }
    },
    1_000,
  );
  return { inputs };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(formatMachine(machine));
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-bench-send-"));
  chmodSync(dir, 0o755); // as root, Postgres runs as its own user, which must enter this folder
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
    const total = emailsPerRound * (rounds + 1); // +1: a warm-up round
    log(`seeding ${total} contacts and runs`);
    const { inputs } = await seed(db, total);
    const { sendEmail } = createActivities({
      db,
      transport: createTransport("outbox"),
      defaultFrom: "Bench <bench@mailstream.test>",
      publicUrl: "http://mailstream.test",
      secret: SECRET,
    });
    const contextFor = (i: number) => ({
      contact: { first_name: `Ada ${i}`, email: `bench-${i}@mailstream.test`, userId: `bench-${i}` },
      // The activity's event shape: properties flattened and nested.
      event: { ...TRIGGER_PROPERTIES, name: "signed_up", properties: TRIGGER_PROPERTIES, traits: {} },
      journey: { id: "bench", name: "Bench" },
    });
    // The same template text the activity renders, held in memory: no database at all.
    const unsubscribeUrl = "http://mailstream.test/unsubscribe/x";
    const reactRender = (i: number) => renderEmail({ template: TEMPLATE, context: contextFor(i), unsubscribeUrl });
    const compiled = await compileTemplate(TEMPLATE);
    // Async like the others, so the pool's scheduling is the same for all three.
    const render = async (i: number) => renderCompiled(compiled, { context: contextFor(i), unsubscribeUrl });
    const send = async (input: SendEmailInput) => {
      const result = await sendEmail(input);
      if (result.status !== "sent") throw new Error(`send ${input.runId} ended ${result.status}`);
      if (args.steps && !result.isExitRecorded) throw new Error(`send ${input.runId} did not record its steps`);
    };

    // Interval 0: every reservation returns "now", so the figure is the statement, not a wait.
    const takeSlot = () => reserveSendSlots(db, "email-queue:bench", 1, 0);
    log(`warm-up: ${emailsPerRound} sends + renders`);
    await timed(emailsPerRound, (i) => send(inputs[i] as SendEmailInput));
    await timed(emailsPerRound, render);
    await timed(emailsPerRound, reactRender);
    await timed(emailsPerRound, takeSlot);
    if (args["pg-statements"]) await resetStatementStats(pool);
    const full: number[] = [];
    const raw: number[] = [];
    const react: number[] = [];
    const slots: number[] = [];
    const fullCpu: CpuByRole = {};
    const profiler = args["cpu-prof"] ? await startCpuProfiler(args["cpu-prof"]) : null;
    const rawCpu: CpuByRole = {};
    for (let round = 1; round <= rounds; round++) {
      const base = round * emailsPerRound;
      await profiler?.resume();
      let cpuBefore = sampleCpu();
      full.push(await timed(emailsPerRound, (i) => send(inputs[base + i] as SendEmailInput)));
      addCpuSince(fullCpu, cpuBefore);
      await profiler?.pause();
      cpuBefore = sampleCpu();
      raw.push(await timed(emailsPerRound, (i) => render(base + i)));
      addCpuSince(rawCpu, cpuBefore);
      react.push(await timed(emailsPerRound, (i) => reactRender(base + i)));
      slots.push(await timed(emailsPerRound, takeSlot));
      log(
        `round ${round}/${rounds}: sendEmail ${full.at(-1)?.toFixed(0)}/s, compiled render only ${raw.at(-1)?.toFixed(0)}/s, react-email render only ${react.at(-1)?.toFixed(0)}/s`,
      );
    }
    for (const line of (await profiler?.finish()) ?? []) log(line);
    // Counted over the measured rounds: the sends, the renders (no SQL) and the slot timings.
    if (args["pg-statements"])
      await printStatementStats(pool, { units: rounds * emailsPerRound, unit: "email", print: log });
    const report = {
      machine,
      config: { emailsPerRound, rounds, concurrency, steps: args.steps },
      sendEmailPerSecond: { median: median(full), rounds: full },
      renderOnlyPerSecond: { median: median(raw), rounds: raw },
      reactRenderOnlyPerSecond: { median: median(react), rounds: react },
      providerSlotPerSecond: { median: median(slots), rounds: slots },
      /** The shared-rate slot's share of a send's time (time per slot / time per send). */
      slotShareOfSend: median(full) / median(slots),
      ratio: median(raw) / median(full),
      /** The goal: the full path at ≥ 0.5 of its (compiled) render-only baseline. */
      fullOverRenderOnly: median(full) / median(raw),
      /** CPU milliseconds per email by role, over the measured rounds (under load, rates measure waiting too). */
      cpuMsPerEmail: {
        full: cpuMsPer(fullCpu, rounds * emailsPerRound),
        renderOnly: cpuMsPer(rawCpu, rounds * emailsPerRound),
      },
      loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100),
    };
    if (args.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.log(`machine: ${formatMachine(machine)}`);
      console.log(
        `${rounds} rounds × ${emailsPerRound} emails, concurrency ${concurrency}${args.steps ? ", steps written with the send (--steps)" : ""}`,
      );
      console.log(
        `full sendEmail path (Postgres + render + outbox): median ${report.sendEmailPerSecond.median.toFixed(0)} emails/s`,
      );
      console.log(
        `raw baseline (compiled render only):             median ${report.renderOnlyPerSecond.median.toFixed(0)} emails/s`,
      );
      console.log(
        `react-email render per contact (before):         median ${report.reactRenderOnlyPerSecond.median.toFixed(0)} emails/s`,
      );
      console.log(
        `provider-rate slot (one upsert, one hot key):     median ${report.providerSlotPerSecond.median.toFixed(0)} /s — ${(report.slotShareOfSend * 100).toFixed(1)}% of a send's time`,
      );
      console.log(
        `full path / render-only: ${report.fullOverRenderOnly.toFixed(2)} (goal ≥ 0.5); ratio render-only / full path: ${report.ratio.toFixed(2)}× (load average at end ${report.loadAverageAtEnd.join(" / ")})`,
      );
      const { full: fullMs, renderOnly: rawMs } = report.cpuMsPerEmail;
      console.log(
        `CPU per email: full path ${fullMs.sum.toFixed(2)} ms (${formatCpuMs(fullMs.byRole)}), render only ${rawMs.sum.toFixed(2)} ms (${formatCpuMs(rawMs.byRole)}); render-only CPU / full-path CPU: ${(rawMs.sum / fullMs.sum).toFixed(2)}`,
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
    console.error("bench:send failed:", error);
    process.exit(1);
  },
);
