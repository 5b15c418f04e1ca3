// The public contacts API over the real test database: auth (401 for write keys), 404s
// naming the userId, keyset pagination without gaps or repeats, and the export document.
import { createDb } from "@mailstream/db/client";
import { generateApiKey } from "@mailstream/db/queries/api-keys";
import { enterSegments } from "@mailstream/db/queries/segment-memberships";
import { insertSegment } from "@mailstream/db/queries/segments";
import { createTopic, setContactSubscription } from "@mailstream/db/queries/subscription-topics";
import { testEnv } from "@mailstream/testing/test-env";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createContactFixture, createRunFixture } from "@mailstream/testing/contacts-fixtures";
import { createWorkspaceWithKeys, type WorkspaceFixture } from "@mailstream/testing/workspace-fixtures";
import { handleContactExport, handleContactProfile, handleContactSection } from "./contacts";

const { db } = createDb(testEnv().databaseUrl);
let ws: WorkspaceFixture;
let fixture: Awaited<ReturnType<typeof createContactFixture>>;

beforeAll(async () => {
  ws = await createWorkspaceWithKeys(db);
  fixture = await createContactFixture(db, ws, { events: 5, messages: 3, suppressed: true });
  await createRunFixture(db, ws.workspaceId, fixture.contactId);
});

function get(path: string, key: string | null = ws.secretKey): Request {
  return new Request(`http://127.0.0.1/api/v1/contacts/${path}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

describe("GET /api/v1/contacts/{userId}", () => {
  it("returns the profile with subscription state and active runs", async () => {
    const res = await handleContactProfile(get(fixture.userId), { db }, { userId: fixture.userId });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({
      userId: fixture.userId,
      email: fixture.email,
      traits: { plan: "pro" },
      timezone: "Europe/Paris",
      subscription: "unsubscribed",
      activeRuns: 1,
    });
    expect(body.data).not.toHaveProperty("id");
  });

  it("lists the segments the contact is in now and their state per subscription topic", async () => {
    const member = await insertSegment(db, {
      workspaceId: ws.workspaceId,
      name: "Pro plan",
      definition: { match: "all", groups: [] },
    });
    await insertSegment(db, {
      workspaceId: ws.workspaceId,
      name: "Not a member",
      definition: { match: "all", groups: [] },
    });
    await enterSegments(
      db,
      ws.workspaceId,
      [{ segmentId: member.id, contactId: fixture.contactId }],
      new Date("2026-01-02T03:04:05Z"),
    );
    const offers = await createTopic(db, ws.workspaceId, { name: "Offers", description: "", defaultMode: "opt_out" });
    const news = await createTopic(db, ws.workspaceId, { name: "News", description: "", defaultMode: "opt_in" });
    await setContactSubscription(db, {
      workspaceId: ws.workspaceId,
      contactId: fixture.contactId,
      topicId: news.id,
      isSubscribed: true,
      source: "api",
    });

    const res = await handleContactProfile(get(fixture.userId), { db }, { userId: fixture.userId });
    const body = (await res.json()) as { data: { segments: unknown[]; topics: unknown[] } };
    expect(body.data.segments).toEqual([{ id: member.id, name: "Pro plan", enteredAt: "2026-01-02T03:04:05.000Z" }]);
    expect(body.data.topics).toEqual(
      expect.arrayContaining([
        { id: offers.id, name: "Offers", isSubscribed: true, isDefault: true },
        { id: news.id, name: "News", isSubscribed: true, isDefault: false },
      ]),
    );
  });

  it("answers 404 naming the userId, and 401 for a write key or no key", async () => {
    const missing = await handleContactProfile(get("nobody-here"), { db }, { userId: "nobody-here" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: expect.stringContaining('"nobody-here"') });
    const writeKey = await handleContactProfile(get(fixture.userId, ws.writeKey), { db }, { userId: fixture.userId });
    expect(writeKey.status).toBe(401);
    expect(await writeKey.json()).toMatchObject({ error: expect.stringContaining("secret key") });
    expect(
      (await handleContactSection(get(fixture.userId, null), { db }, { userId: fixture.userId }, "events")).status,
    ).toBe(401);
  });

  it("cannot read another workspace's contact", async () => {
    const other = await createWorkspaceWithKeys(db);
    const res = await handleContactProfile(get(fixture.userId, other.secretKey), { db }, { userId: fixture.userId });
    expect(res.status).toBe(404);
  });
});

describe("paginated sections", () => {
  async function readAll(section: "events" | "messages" | "runs", limit: number) {
    const pages: { data: Record<string, unknown>[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await handleContactSection(
        get(`${fixture.userId}/${section}${query}`),
        { db },
        { userId: fixture.userId },
        section,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: Record<string, unknown>[]; nextCursor: string | null };
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  }

  it("pages events newest first without gaps or repeats", async () => {
    const pages = await readAll("events", 2);
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.data.map((e) => e.event))).toEqual([
      "step_4",
      "step_3",
      "step_2",
      "step_1",
      "step_0",
    ]);
  });

  it("pages messages and keeps the item shape, with each message's events", async () => {
    const pages = await readAll("messages", 2);
    const all = pages.flatMap((p) => p.data);
    expect(all).toHaveLength(3);
    expect(new Set(all.map((m) => m.id)).size).toBe(3);
    expect(all[0]).toMatchObject({ to: fixture.email, status: "sent", subject: expect.stringMatching(/^Subject/) });
    expect(all[0]).toMatchObject({ events: [{ type: "delivered", occurredAt: expect.any(String), url: null }] });
  });

  it("lists runs with journey, version and current node", async () => {
    const [page] = await readAll("runs", 10);
    expect(page?.data).toEqual([
      expect.objectContaining({
        journeyName: expect.stringMatching(/^Wait/),
        version: 1,
        status: "active",
        currentNodeId: "wait-1",
        endedAt: null,
      }),
    ]);
  });

  it("rejects a bad limit and a forged cursor with 400", async () => {
    const badLimit = await handleContactSection(
      get(`${fixture.userId}/events?limit=0`),
      { db },
      { userId: fixture.userId },
      "events",
    );
    expect(badLimit.status).toBe(400);
    const forged = await handleContactSection(
      get(`${fixture.userId}/events?cursor=nonsense`),
      { db },
      { userId: fixture.userId },
      "events",
    );
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ errors: [{ path: "cursor" }] });
  });
});

describe("GET /api/v1/contacts/{userId}/export", () => {
  it("holds profile, events, messages with their events, and runs with steps", async () => {
    const res = await handleContactExport(get(`${fixture.userId}/export`), { db }, { userId: fixture.userId });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      profile: { userId: string };
      events: unknown[];
      messages: { events: unknown[]; html: string }[];
      runs: { steps: unknown[] }[];
      traitAudits: unknown[];
    };
    expect(doc.profile.userId).toBe(fixture.userId);
    expect(doc.events).toHaveLength(5);
    expect(doc.messages).toHaveLength(3);
    expect(doc.messages.every((m) => m.events.length === 1 && m.html === "<p>hi</p>")).toBe(true);
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0]?.steps).toHaveLength(1);
    expect(doc.traitAudits).toEqual([]);
  });
});

describe("errors through the contacts API", () => {
  // A db whose every query (any chain of builder calls, then awaited) fails the given way;
  // the key is new, so no key cache answers first.
  function failingDb(error: Error) {
    const chain: object = new Proxy(() => {}, {
      get: (_target, property) =>
        property === "then" ? (_resolve: unknown, reject: (reason: Error) => void) => reject(error) : () => chain,
      apply: () => chain,
    });
    return chain as typeof db;
  }
  const freshKey = () => generateApiKey("secret");

  it("answers 503 when the database is down and a generic 500 for anything else", async () => {
    const quiet = [
      vi.spyOn(console, "error").mockImplementation(() => {}),
      vi.spyOn(console, "warn").mockImplementation(() => {}),
    ];
    try {
      const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
      const unavailable = await handleContactProfile(
        get("ada", freshKey()),
        { db: failingDb(down) },
        { userId: "ada" },
      );
      expect(unavailable.status).toBe(503);

      const bug = new Error('Failed query: select "key_hash" from "api_keys"');
      const internal = await handleContactProfile(get("ada", freshKey()), { db: failingDb(bug) }, { userId: "ada" });
      expect(internal.status).toBe(500);
      expect(JSON.stringify(await internal.json())).not.toMatch(/api_keys|select/);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  });
});
