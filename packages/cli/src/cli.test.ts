// The CLI against the real app router over HTTP (the SDK's client, a secret key), the test
// database and — for `mailstream test` — real workers running test runs with time skipped.
// main(argv, io) is called in-process, exactly as the bin calls it.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createMailstreamTrpcClient } from "@mailstream/sdk";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { buildAbandonedCartGraph } from "@mailstream/journey/fixtures";
import { testEnv } from "@mailstream/testing/test-env";
import type { TrpcTestServer } from "@mailstream/testing/ingest-trpc-test-server";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./main";

const servers: TrpcTestServer[] = [];
async function startServer(
  temporal?: Parameters<typeof import("@mailstream/testing/ingest-trpc-test-server").startTrpcTestServer>[1],
) {
  const { startTrpcTestServer } = await import("@mailstream/testing/ingest-trpc-test-server");
  const server = await startTrpcTestServer(testEnv().databaseUrl, temporal);
  servers.push(server);
  return server;
}
afterAll(() => Promise.all(servers.map((server) => server.close())));

const clientOf = (server: TrpcTestServer) => createMailstreamTrpcClient({ host: server.url, key: server.secretKey });

/** Runs `mailstream …` against `server` from `cwd`; what it printed and its exit code. */
async function run(server: TrpcTestServer, cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), cwd, env: {} };
  const code = await main([...argv, "--url", server.url, "--key", server.secretKey], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Every file under `dir` with its bytes, by relative path. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = await readFile(full, "utf8");
  }
  return files;
}

const sortedById = <T extends { id: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => a.id.localeCompare(b.id));
const normalized = (graph: JourneyGraph) => ({
  nodes: sortedById(graph.nodes),
  edges: sortedById(graph.edges),
  settings: graph.settings,
});

/** A journey as the canvas saves it: every kind of step, a note, odd positions, every setting. */
async function buildOnCanvas(server: TrpcTestServer) {
  const client = clientOf(server);
  const reminderA = await client.templates.create.mutate({
    name: "Cart reminder A",
    content: {
      subject: 'You left something, {{ contact.first_name | default: "friend" }}',
      preheader: "Your cart misses you",
      body: "",
      blocks: [
        { type: "heading", id: "heading", level: 1, text: "Still thinking it over?" },
        { type: "button", id: "cta", label: "Back to cart", url: "https://shop.mailstream.test/cart" },
      ],
      requiredVariables: ["contact.email"],
    },
  });
  const reminderB = await client.templates.create.mutate({
    name: "Cart reminder B",
    content: { subject: "Your cart", preheader: "", body: "Come back.\n\nhttps://shop.mailstream.test/cart" },
  });
  await client.templates.update.mutate({ templateId: reminderB.id, fromAddress: "Shop <shop@mailstream.test>" });
  const base = buildAbandonedCartGraph({ reminderA: reminderA.id, reminderB: reminderB.id }, 90);
  const graph: JourneyGraph = {
    nodes: [
      ...base.nodes.map((node, index) => ({ ...node, position: { x: index * 37.5 - 12, y: node.position.y + 0.25 } })),
      {
        id: "note-why",
        position: { x: 400, y: -80 },
        data: { kind: "note", text: "Reminder only when the cart has value" },
      },
      {
        id: "tag-buyer",
        position: { x: 300, y: 200 },
        data: { kind: "update_contact", updates: [{ op: "set", trait: "stage", value: "buyer", as: "text" }] },
      },
      {
        id: "notify-crm",
        position: { x: 300, y: 260 },
        data: {
          kind: "webhook",
          method: "POST",
          url: "https://crm.mailstream.test/hook",
          headers: [{ name: "X-Key", value: "1" }],
          body: '{"email":"{{ contact.email }}"}',
        },
      },
    ],
    // A checkout now tags the buyer and tells the CRM before the journey ends.
    edges: [
      ...base.edges.filter((edge) => edge.id !== "wait-checkout->exit-purchased"),
      { id: "checkout-tag", source: "wait-checkout", target: "tag-buyer", sourceHandle: "matched" },
      { id: "tag-notify", source: "tag-buyer", target: "notify-crm", sourceHandle: null },
      { id: "notify-exit", source: "notify-crm", target: "exit-purchased", sourceHandle: null },
    ],
    settings: {
      goal: { event: "purchase", filters: [], window: { amount: 7, unit: "days" } },
      exitCriteria: [{ event: "unsubscribed_all", filters: [] }],
      quietHours: { start: "22:00", end: "07:00" },
      frequencyCap: { maxEmails: 3, period: { amount: 1, unit: "days" } },
      timeZone: "Europe/Berlin",
    },
  };
  const { id } = await client.journeys.create.mutate({ name: "Abandoned cart" });
  await client.journeys.saveDraft.mutate({ journeyId: id, graph });
  return { journeyId: id, graph, templateIds: [reminderA.id, reminderB.id] };
}

describe("mailstream pull / push / diff", () => {
  let source: TrpcTestServer;
  let target: TrpcTestServer;
  beforeAll(async () => {
    [source, target] = await Promise.all([startServer(), startServer()]);
  });

  it("round-trips losslessly: canvas → pull → push elsewhere → pull gives the same files; → push here gives the same graph", async () => {
    const canvas = await buildOnCanvas(source);
    const work = await mkdtemp(path.join(os.tmpdir(), "mailstream-cli-"));

    const pulled = await run(source, work, "pull", "Abandoned cart", "--dir", "set");
    expect(pulled).toMatchObject({ code: 0, err: "" });
    const first = await snapshot(path.join(work, "set"));
    expect(Object.keys(first).sort()).toEqual([
      "journeys/abandoned-cart.journey.json",
      "schema/journey.schema.json",
      "schema/template.schema.json",
      "schema/test.schema.json",
      "templates/cart-reminder-a.template.json",
      "templates/cart-reminder-b.template.json",
    ]);
    const journeyFile = JSON.parse(first["journeys/abandoned-cart.journey.json"] as string);
    expect(journeyFile.$schema).toBe("../schema/journey.schema.json");
    expect(journeyFile.steps["email-a"].data).toEqual({ kind: "email", template: "Cart reminder A" });
    expect(first["journeys/abandoned-cart.journey.json"]).not.toContain(canvas.templateIds[0]);
    // Deterministic: pulling again writes the same bytes.
    await run(source, work, "pull", canvas.journeyId, "--dir", "again");
    expect(await snapshot(path.join(work, "again"))).toEqual(first);

    const pushed = await run(target, work, "push", "--dir", "set");
    expect(pushed).toMatchObject({ code: 0, err: "" });
    expect(pushed.out).toContain('template "Cart reminder A": created');
    expect(pushed.out).toContain('journey "Abandoned cart": draft saved (new journey)');
    expect(await run(target, work, "pull", "Abandoned cart", "--dir", "back")).toMatchObject({ code: 0 });
    expect(await snapshot(path.join(work, "back"))).toEqual(first);

    const again = await run(source, work, "push", "--dir", "set");
    expect(again).toMatchObject({ code: 0, err: "" });
    expect(again.out).toContain('template "Cart reminder A": unchanged');
    expect(again.out).toContain('template "Cart reminder B": unchanged');
    expect(again.out).toContain('journey "Abandoned cart": draft unchanged');
    const after = await clientOf(source).journeys.byId.query({ journeyId: canvas.journeyId });
    expect(normalized(after.draft)).toEqual(normalized(canvas.graph));
    expect((await clientOf(source).templates.list.query()).map((t) => t.id).sort()).toEqual(
      [...canvas.templateIds].sort(),
    );
  });

  it("names segments and topics: push resolves them by name elsewhere, and a workspace lacking them gets named problems", async () => {
    const proPlan = {
      match: "all" as const,
      groups: [
        {
          match: "all" as const,
          predicates: [{ type: "trait" as const, path: "plan", op: "eq" as const, value: "pro" }],
        },
      ],
    };
    /** A workspace with the segment and topic the journey uses (ids differ per workspace). */
    const withCatalog = async (server: TrpcTestServer) => {
      const client = clientOf(server);
      const segment = await client.segments.create.mutate({ name: "Pro customers", definition: proPlan });
      const topic = await client.topics.create.mutate({ name: "Product news", defaultMode: "opt_out" });
      return { segmentId: segment.id, topicId: topic.id };
    };
    const [origin, elsewhere, bare] = await Promise.all([startServer(), startServer(), startServer()]);
    const { segmentId, topicId } = await withCatalog(origin);
    await withCatalog(elsewhere);
    const client = clientOf(origin);
    const template = await client.templates.create.mutate({
      name: "Pro news",
      content: { subject: "News for pros", preheader: "", body: "Hello." },
    });
    const at = (x: number) => ({ x, y: 0 });
    const graph: JourneyGraph = {
      nodes: [
        { id: "trigger", position: at(0), data: { kind: "trigger", event: "signed_up", filters: [] } },
        {
          id: "is-pro",
          position: at(1),
          data: {
            kind: "branch",
            condition: {
              match: "all",
              groups: [{ match: "all", predicates: [{ type: "segment", segmentId, isMember: true }] }],
            },
          },
        },
        { id: "news", position: at(2), data: { kind: "email", templateId: template.id, topicId } },
        { id: "done", position: at(3), data: { kind: "exit" } },
      ],
      edges: [
        { id: "a", source: "trigger", target: "is-pro", sourceHandle: null },
        { id: "b", source: "is-pro", target: "news", sourceHandle: "yes" },
        { id: "c", source: "is-pro", target: "done", sourceHandle: "no" },
        { id: "d", source: "news", target: "done", sourceHandle: null },
      ],
    };
    const { id } = await client.journeys.create.mutate({ name: "Pro news" });
    await client.journeys.saveDraft.mutate({ journeyId: id, graph });
    const work = await mkdtemp(path.join(os.tmpdir(), "mailstream-cli-"));

    expect(await run(origin, work, "pull", "Pro news", "--dir", "set")).toMatchObject({ code: 0, err: "" });
    const first = await snapshot(path.join(work, "set"));
    const journeyText = first["journeys/pro-news.journey.json"] as string;
    const steps = JSON.parse(journeyText).steps;
    expect(steps.news.data).toEqual({ kind: "email", template: "Pro news", topic: "Product news" });
    expect(steps["is-pro"].data.condition.groups[0].predicates[0]).toEqual({
      type: "segment",
      segment: "Pro customers",
      isMember: true,
    });
    expect(journeyText).not.toContain(segmentId);
    expect(journeyText).not.toContain(topicId);

    // Another workspace with a segment and a topic of the same names: the same files come back.
    expect(await run(elsewhere, work, "push", "--dir", "set", "--publish")).toMatchObject({ code: 0, err: "" });
    expect(await run(elsewhere, work, "pull", "Pro news", "--dir", "back")).toMatchObject({ code: 0 });
    expect(await snapshot(path.join(work, "back"))).toEqual(first);

    // A workspace without them: each missing name is a problem of its step and field; nothing is written.
    const refused = await run(bare, work, "push", "--dir", "set");
    expect(refused.code).toBe(1);
    expect(refused.err.split("\n")).toEqual([
      'set/journeys/pro-news.journey.json: step is-pro: data.condition.groups.0.predicates.0.segment: no segment named "Pro customers" in the workspace; create it under Segments (or segments.create) with the definition it has at the source, then push again',
      'set/journeys/pro-news.journey.json: step news: data.topic: no topic named "Product news" in the workspace; create it under Settings → Subscription topics (or topics.create), then push again',
      "Nothing was pushed: 2 problems.",
    ]);
    expect(await clientOf(bare).journeys.list.query()).toEqual([]);
    expect(await clientOf(bare).templates.list.query()).toEqual([]);
  });

  it("diff says what differs from the live version, step by step, and exits 1; 0 when nothing does", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "mailstream-cli-"));
    const server = await startServer();
    await buildOnCanvas(server);
    expect(await run(server, work, "pull", "Abandoned cart")).toMatchObject({ code: 0 });
    expect(await run(server, work, "push", "--publish")).toMatchObject({ code: 0 });
    expect(await run(server, work, "diff")).toMatchObject({ code: 0, out: "No differences." });
    // Publishing the same set again makes no new version; the live version pulls as the same files.
    const republished = await run(server, work, "push", "--publish");
    expect(republished.out).toContain('journey "Abandoned cart": live version 1 is already this graph');
    expect(await run(server, work, "pull", "Abandoned cart", "--live", "--dir", "live")).toMatchObject({ code: 0 });
    expect(await snapshot(path.join(work, "live"))).toEqual(
      Object.fromEntries(
        Object.entries(await snapshot(work)).flatMap(([file, text]) =>
          file.startsWith("live/") ? [] : [[file, text]],
        ),
      ),
    );

    const journeyPath = path.join(work, "journeys/abandoned-cart.journey.json");
    const journey = JSON.parse(await readFile(journeyPath, "utf8"));
    delete journey.steps["note-why"];
    journey.steps["email-b"].data.template = "Cart reminder A";
    journey.settings.timeZone = "UTC";
    await writeFile(journeyPath, JSON.stringify(journey));
    const templatePath = path.join(work, "templates/cart-reminder-b.template.json");
    const template = JSON.parse(await readFile(templatePath, "utf8"));
    template.subject = "Your cart is waiting";
    await writeFile(templatePath, JSON.stringify(template));

    const changed = await run(server, work, "diff");
    expect(changed.code).toBe(1);
    expect(changed.out.split("\n")).toEqual([
      'journeys/abandoned-cart.journey.json (journey "Abandoned cart", against its live version 1):',
      '  ~ step email-b: data.template: "Cart reminder B" → "Cart reminder A"',
      "  - step note-why (note)",
      '  ~ settings.timeZone: "Europe/Berlin" → "UTC"',
      'templates/cart-reminder-b.template.json (template "Cart reminder B"):',
      '  ~ subject: "Your cart" → "Your cart is waiting"',
    ]);
  });

  it("push of an invalid file set names each problem by file, step and field, and changes nothing", async () => {
    const server = await startServer();
    const work = await mkdtemp(path.join(os.tmpdir(), "mailstream-cli-"));
    const write = (file: string, value: unknown) =>
      writeFile(path.join(work, file), JSON.stringify(value)).catch(async () => {
        const { mkdir } = await import("node:fs/promises");
        await mkdir(path.dirname(path.join(work, file)), { recursive: true });
        await writeFile(path.join(work, file), JSON.stringify(value));
      });
    const step = (x: number, data: unknown) => ({ position: { x, y: 0 }, data });
    await write("journeys/broken.journey.json", {
      name: "Broken",
      steps: {
        trigger: step(0, { kind: "trigger", event: "signed_up", filters: [] }),
        hello: step(1, { kind: "email", template: "Missing" }),
        pause: step(2, { kind: "wait", duration: { amount: 2, unit: "fortnights" } }),
        done: step(3, { kind: "exit" }),
      },
      connections: {
        a: { source: "trigger", target: "hello", sourceHandle: null },
        b: { source: "hello", target: "done", sourceHandle: null },
      },
    });
    await write("journeys/dangling.journey.json", {
      name: "Dangling",
      steps: {
        trigger: step(0, { kind: "trigger", event: "signed_up", filters: [] }),
        hi: step(1, { kind: "email", template: "Hi" }),
      },
      connections: {},
    });
    await write("templates/hi.template.json", { name: "Hi", subject: "Hi {{ contact.name", body: "" });
    await write("templates/nameless.template.json", { subject: "", body: "x" });

    const result = await run(server, work, "push", "--publish");
    expect(result.code).toBe(1);
    const lines = result.err.split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^journeys\/broken\.journey\.json: step pause: data(\.duration\.unit)?: /),
        expect.stringMatching(/^templates\/nameless\.template\.json: name: /),
        expect.stringMatching(/^templates\/nameless\.template\.json: subject: Subject is required/),
        expect.stringMatching(/^journeys\/dangling\.journey\.json: step hi: dead_end: /),
        expect.stringMatching(/^templates\/hi\.template\.json: subject: /),
      ]),
    );
    expect(lines.at(-1)).toMatch(/^Nothing was pushed: \d+ problems\.$/);

    // Fix the shape of "Broken": now the unknown template is what is left of it.
    const broken = JSON.parse(await readFile(path.join(work, "journeys/broken.journey.json"), "utf8"));
    broken.steps.pause.data.duration.unit = "days";
    await write("journeys/broken.journey.json", broken);
    const second = await run(server, work, "push", "journeys/broken.journey.json");
    const secondLines = second.err.split("\n");
    expect(secondLines[0]).toBe(
      'journeys/broken.journey.json: step hello: data.template: no template named "Missing" in the file set or the workspace',
    );
    expect(secondLines.at(-1)).toBe(`Nothing was pushed: ${secondLines.length - 1} problems.`);
    expect(await clientOf(server).journeys.list.query()).toEqual([]);
    expect(await clientOf(server).templates.list.query()).toEqual([]);
  });
});

describe("mailstream test", () => {
  temporalWorkersTest(
    "runs each case as a test run and prints each mismatch; exit 1 on any failure, 0 when all pass",
    async ({ workers }) => {
      const server = await startServer({
        temporal: { client: workers.client, journeyTaskQueue: workers.taskQueues.journeys },
      });
      await buildOnCanvas(server);
      const work = await mkdtemp(path.join(os.tmpdir(), "mailstream-cli-"));
      const contact = { email: "ada@mailstream.test", traits: { first_name: "Ada" } };
      const checkout = {
        name: "a checkout within the hour ends the journey",
        script: { contact, lines: 'added_to_cart now {"value": 30}\ncheckout after 10m' },
        expect: {
          status: "completed",
          path: ["trigger", "wait-checkout", "tag-buyer", "notify-crm", "exit-purchased"],
          emails: [],
          webhooks: [{ step: "notify-crm", url: "https://crm.mailstream.test/hook" }],
        },
      };
      await writeFile(
        path.join(work, "pass.test.json"),
        JSON.stringify({ journey: "Abandoned cart", cases: [checkout] }),
      );
      await writeFile(
        path.join(work, "fail.test.json"),
        JSON.stringify({
          journey: "Abandoned cart",
          cases: [
            checkout,
            {
              name: "a wrong expectation",
              script: {
                contact,
                events: [
                  { event: "added_to_cart", atMs: 0, properties: { value: 30 } },
                  { event: "checkout", atMs: 60_000 },
                ],
              },
              expect: { path: ["trigger", "wait-checkout", "branch-value"], skips: ["exit-purchased"] },
            },
            { name: "a script that cannot happen", script: { contact, lines: "checkout now" }, expect: {} },
          ],
        }),
      );

      const passing = await run(server, work, "test", "pass.test.json");
      expect(passing).toMatchObject({ code: 0, err: "" });
      expect(passing.out.split("\n")).toEqual([
        "pass.test.json (Abandoned cart, draft)",
        "  ✓ a checkout within the hour ends the journey",
        "1 passed, 0 failed",
      ]);

      const failing = await run(server, work, "test", "fail.test.json");
      expect(failing.code).toBe(1);
      const lines = failing.out.split("\n");
      expect(lines.slice(0, 5)).toEqual([
        "fail.test.json (Abandoned cart, draft)",
        "  ✓ a checkout within the hour ends the journey",
        "  ✗ a wrong expectation",
        "      expect.path: expected trigger → wait-checkout → branch-value, got trigger → wait-checkout → tag-buyer → notify-crm → exit-purchased",
        "      expect.skips[0]: expected exit-purchased not on the path, got trigger → wait-checkout → tag-buyer → notify-crm → exit-purchased",
      ]);
      expect(lines[5]).toBe("  ✗ a script that cannot happen");
      expect(lines[6]).toContain('enters on "added_to_cart"');
      expect(lines.at(-1)).toBe("1 passed, 2 failed");
    },
    90_000,
  );
});
