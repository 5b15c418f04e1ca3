// Batch, page/screen/group/alias and CORS over HTTP against the real test database:
// atomic batches (all or nothing, each failing index named), size limits, dedupe, sentAt.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { findEventByMessageId, findRecentEvents } from "@mailstream/db/queries/events";
import { testEnv } from "@mailstream/testing/test-env";
import { beforeAll, describe, expect, it } from "vitest";
import {
  basicAuth,
  createWorkspaceWithKeys,
  postJson,
  type WorkspaceFixture,
} from "@mailstream/testing/workspace-fixtures";
import { handleAlias } from "./alias";
import { handleBatch } from "./batch";
import { handleGroup } from "./group";
import { handleIngestPreflight } from "./ingest-handler";
import { handlePage } from "./page";
import { handleScreen } from "./screen";

const { db } = createDb(testEnv().databaseUrl);
let ws: WorkspaceFixture;

beforeAll(async () => {
  ws = await createWorkspaceWithKeys(db);
});

const batch = (body: unknown, headers: Record<string, string> = {}) =>
  handleBatch(postJson("/v1/batch", body, headers), { db });
const count = async (workspaceId: string) => (await findRecentEvents(db, workspaceId, { limit: 5000 })).length;

describe("POST /v1/batch", () => {
  it("stores every event type with writeKey in the body, dedupes and answers Segment's 200", async () => {
    const other = await createWorkspaceWithKeys(db);
    const id = randomUUID();
    const res = await batch({
      writeKey: other.writeKey,
      sentAt: new Date().toISOString(),
      context: { library: { name: "test" } },
      batch: [
        { type: "identify", userId: "u1", traits: { first_name: "Ada" }, messageId: `${id}-1` },
        { type: "track", anonymousId: "a1", event: "viewed", properties: { n: 1 }, messageId: `${id}-2` },
        { type: "track", anonymousId: "a1", event: "viewed", properties: { n: 2 }, messageId: `${id}-2` },
        {
          type: "page",
          userId: "u1",
          name: "Pricing",
          category: "Docs",
          properties: { path: "/pricing" },
          messageId: `${id}-3`,
        },
        { type: "screen", userId: "u1", name: "Home", messageId: `${id}-4` },
        { type: "group", userId: "u1", groupId: 7, traits: { plan: "team" }, messageId: `${id}-5` },
        { type: "alias", userId: "u1", previousId: "a1", messageId: `${id}-6` },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({ success: true });
    expect(await count(other.workspaceId)).toBe(6);
    expect(await findEventByMessageId(db, other.workspaceId, `${id}-2`)).toMatchObject({
      properties: { n: 1 },
      context: { library: { name: "test" } },
    });
    expect(await findEventByMessageId(db, other.workspaceId, `${id}-3`)).toMatchObject({
      type: "page",
      event: "Pricing",
      properties: { category: "Docs", path: "/pricing" },
    });
    expect(await findEventByMessageId(db, other.workspaceId, `${id}-5`)).toMatchObject({
      type: "group",
      properties: { groupId: "7" },
      traits: { plan: "team" },
    });
    expect(await findEventByMessageId(db, other.workspaceId, `${id}-6`)).toMatchObject({
      type: "alias",
      userId: "u1",
      properties: { previousId: "a1" },
    });
    // Resending the same batch stores nothing new.
    const again = await batch(
      { batch: [{ type: "screen", userId: "u1", name: "Home", messageId: `${id}-4` }] },
      { authorization: basicAuth(other.writeKey) },
    );
    expect(again.status).toBe(200);
    expect(await count(other.workspaceId)).toBe(6);
  });

  it("rejects the whole batch when any event is bad, naming each index, storing nothing", async () => {
    const before = await count(ws.workspaceId);
    const res = await batch(
      {
        batch: [
          { type: "track", userId: "u", event: "ok" },
          { type: "track", userId: "u" },
          "nope",
          { type: "shout", userId: "u" },
          { type: "alias", userId: "u" },
          { type: "track", userId: "u", event: "big", properties: { blob: "x".repeat(33 * 1024) } },
        ],
      },
      { authorization: basicAuth(ws.writeKey) },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual([
      "batch.1.event",
      "batch.2",
      "batch.3.type",
      "batch.4.previousId",
      "batch.5",
    ]);
    expect(body.errors[4]?.message).toContain("32 KB");
    expect(await count(ws.workspaceId)).toBe(before);
  });

  it("refuses an empty or missing batch, invalid JSON, a bad key, and a body over 500 KB (413 naming the size)", async () => {
    const auth = { authorization: basicAuth(ws.writeKey) };
    expect((await batch({ batch: [] }, auth)).status).toBe(400);
    expect(await (await batch({}, auth)).json()).toMatchObject({ errors: [{ path: "batch" }] });
    expect((await batch("{]", auth)).status).toBe(400);
    expect((await batch({ writeKey: "ms_wk_nope", batch: [{ type: "track", userId: "u", event: "e" }] })).status).toBe(
      401,
    );
    const events = Array.from({ length: 20 }, () => ({
      type: "track",
      userId: "u",
      event: "e",
      properties: { blob: "x".repeat(30 * 1024) },
    }));
    const res = await batch({ batch: events }, auth);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /^The request body is \d+ bytes; the limit is 512000 bytes \(500 KB\) per batch/,
    );
  });

  it("applies the batch's sentAt to its events' timestamps (clock skew)", async () => {
    const messageId = `skew-${randomUUID()}`;
    const res = await batch(
      {
        sentAt: "2001-01-01T00:01:00.000Z",
        batch: [{ type: "track", userId: "u", event: "e", timestamp: "2001-01-01T00:00:00.000Z", messageId }],
      },
      { authorization: basicAuth(ws.writeKey) },
    );
    expect(res.status).toBe(200);
    const stored = await findEventByMessageId(db, ws.workspaceId, messageId);
    expect(Math.abs(stored!.timestamp.getTime() - (stored!.receivedAt.getTime() - 60_000))).toBeLessThan(5);
  });
});

describe("page, screen, group, alias endpoints and CORS", () => {
  it("store Segment's payloads and refuse what each lacks", async () => {
    const auth = { authorization: basicAuth(ws.writeKey) };
    const id = randomUUID();
    expect(
      (await handlePage(postJson("/v1/page", { anonymousId: "a", name: "Home", messageId: `${id}-p` }, auth), { db }))
        .status,
    ).toBe(200);
    expect(
      (await handleScreen(postJson("/v1/screen", { userId: "u", messageId: `${id}-s` }, auth), { db })).status,
    ).toBe(200);
    expect(
      (await handleGroup(postJson("/v1/group", { userId: "u", groupId: "g", messageId: `${id}-g` }, auth), { db }))
        .status,
    ).toBe(200);
    expect(
      (await handleAlias(postJson("/v1/alias", { userId: "u", previousId: "a", messageId: `${id}-a` }, auth), { db }))
        .status,
    ).toBe(200);
    for (const suffix of ["p", "s", "g", "a"])
      expect(await findEventByMessageId(db, ws.workspaceId, `${id}-${suffix}`)).not.toBeNull();
    const noGroup = await handleGroup(postJson("/v1/group", { userId: "u" }, auth), { db });
    expect(await noGroup.json()).toMatchObject({ errors: [{ path: "groupId" }] });
    const wrongType = await handlePage(postJson("/v1/page", { type: "track", userId: "u" }, auth), { db });
    expect(wrongType.status).toBe(400);
  });

  it("answers the preflight", () => {
    const res = handleIngestPreflight();
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toContain("authorization");
  });
});
