// Input at the edge, one readable case per rule (the fuzzer covers the combinations): each
// unstorable value is a 400 naming its path over HTTP and tRPC, a batch is refused whole and
// named by index, an id in a URL is checked too, and `constructor` keys reach the Events page.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { testEnv } from "@mailstream/testing/test-env";
import {
  basicAuth,
  createWorkspaceWithKeys,
  postJson,
  type WorkspaceFixture,
} from "@mailstream/testing/workspace-fixtures";
import { callerWithAuth, catchTRPCError } from "@mailstream/testing/test-caller";
import { beforeAll, describe, expect, it } from "vitest";
import { handleBatch } from "./batch";
import { handleContactProfile } from "./contacts";
import { handleTrack } from "./track";

const { db } = createDb(testEnv().databaseUrl);
let ws: WorkspaceFixture;
beforeAll(async () => {
  ws = await createWorkspaceWithKeys(db);
});

async function trackRaw(body: string): Promise<{ status: number; errors: { path: string; message: string }[] }> {
  const res = await handleTrack(
    new Request("http://127.0.0.1/api/v1/track", {
      method: "POST",
      headers: { authorization: basicAuth(ws.writeKey), "content-type": "application/json" },
      body,
    }),
    { db },
  );
  return { status: res.status, errors: ((await res.json()) as { errors?: [] }).errors ?? [] };
}

describe("HTTP ingest refuses what cannot be stored, naming the path", () => {
  it.each([
    ["a NUL in a value", '{"userId":"u","event":"e","properties":{"a":{"b":"x\\u0000"}}}', "properties.a.b", /NUL/],
    ["a NUL in a key", '{"userId":"u","event":"e","properties":{"k\\u0000":1}}', 'properties["k\\u0000"]', /NUL/],
    ["a lone surrogate", '{"userId":"u","event":"e\\ud800"}', "event", /surrogate/],
    ["__proto__", '{"userId":"u","event":"e","traits":{"__proto__":{"x":1}}}', "traits.__proto__", /__proto__/],
    ["year 0000", '{"userId":"u","event":"e","timestamp":"0000-01-01T00:00:00Z"}', "timestamp", /years 1–9999/],
    [
      "a sentAt correction out of range",
      '{"userId":"u","event":"e","timestamp":"2020-01-01T00:00:00Z","sentAt":"9999-01-01T00:00:00Z"}',
      "sentAt",
      /years 1–9999/,
    ],
    ["1e400", '{"userId":"u","event":"e","properties":{"n":1e400}}', "properties.n", /finite/],
    [
      "65 levels",
      `{"userId":"u","event":"e","properties":{"d":${"[".repeat(63)}1${"]".repeat(63)}}}`,
      `properties.d${".0".repeat(62)}`,
      /deeper than 64/,
    ],
  ])("%s", async (_, body, path, message) => {
    const { status, errors } = await trackRaw(body);
    expect(status).toBe(400);
    expect(errors[0]).toMatchObject({ path, message: expect.stringMatching(message) });
  });

  it("refuses a whole batch, naming the bad event's index", async () => {
    const good = `m-${randomUUID()}`;
    const res = await handleBatch(
      postJson(
        "/api/v1/batch",
        {
          batch: [
            { type: "track", userId: "u", event: "ok", messageId: good },
            { type: "identify", userId: "u", traits: { a: { b: "\u0000" } } },
          ],
        },
        { authorization: basicAuth(ws.writeKey) },
      ),
      { db },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: "batch.1.traits.a.b" }] });
    expect(await findEventByMessageId(db, ws.workspaceId, good)).toBeNull();
  });

  it("answers a NUL in a contacts API URL with a 400, not a 5xx", async () => {
    const res = await handleContactProfile(
      new Request("http://127.0.0.1/api/v1/contacts/x%00", { headers: { authorization: `Bearer ${ws.secretKey}` } }),
      { db },
      { userId: "x\u0000" },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: "userId" }] });
  });
});

describe("tRPC", () => {
  it("ingest names the path in ingestIssues, as HTTP does", async () => {
    const caller = callerWithAuth(`Bearer ${ws.writeKey}`);
    const error = await catchTRPCError(() =>
      caller.ingest.track({ userId: "u", event: "e", properties: { a: "x\u0000" } }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toMatchObject({ issues: [{ path: "properties.a" }] });
  });

  it("any other procedure refuses a NUL before it reaches a query", async () => {
    const caller = callerWithAuth(`Bearer ${ws.secretKey}`);
    const error = await catchTRPCError(() => caller.contacts.list({ search: "x\u0000" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/search: contains a NUL/);
  });

  it("events.recent serves an event whose properties hold constructor and prototype", async () => {
    const messageId = `m-${randomUUID()}`;
    const { status } = await trackRaw(
      JSON.stringify({ userId: "u-ctor", event: "e", messageId, properties: { constructor: { prototype: 1 } } }),
    );
    expect(status).toBe(200);
    const caller = callerWithAuth(`Bearer ${ws.secretKey}`);
    const page = await caller.events.recent({ limit: 5 });
    expect(page.data.find((event) => event.messageId === messageId)?.properties).toEqual({
      constructor: { prototype: 1 },
    });
  });
});
