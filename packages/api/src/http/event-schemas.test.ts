// Event schemas end to end on the real database: rules saved through tRPC, enforced at ingest
// over HTTP (single events and atomic batches) and tRPC, in `reject` (400 naming the event and
// each property) and `flag` (stored, flagged in the Events page's read) modes.
import { randomUUID } from "node:crypto";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { describe, expect, it } from "vitest";
import { handleBatch } from "./batch";
import { handleTrack } from "./track";
import { callerWithAuth, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { basicAuth, postJson } from "@mailstream/testing/workspace-fixtures";
import { checkEventProperties } from "@mailstream/core/ingest/event-schema-check";

const db = testDb();

async function workspaceWithOrderSchema(mode: "reject" | "flag") {
  const { workspace, caller } = await createWorkspaceCaller();
  await caller.events.saveSchema({
    eventName: "order_completed",
    rules: [
      { name: "total", type: "number", required: true, min: 0 },
      { name: "currency", type: "string", required: true, enum: ["EUR", "USD"] },
      { name: "items", type: "array", required: false, max: 3 },
    ],
  });
  await caller.events.setMode({ mode });
  return { workspace, caller };
}

const track = (writeKey: string, body: Record<string, unknown>) =>
  handleTrack(postJson("/v1/track", body, { authorization: basicAuth(writeKey) }), { db });

describe("event schemas", () => {
  it("reject: a breaking track gets a 400 naming the event and each property; nothing is stored", async () => {
    const { workspace } = await workspaceWithOrderSchema("reject");
    const messageId = randomUUID();
    const res = await track(workspace.writeKey, {
      userId: "u1",
      event: "order_completed",
      messageId,
      properties: { total: "12", currency: "GBP" },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(["properties.total", "properties.currency"]);
    expect(body.errors[0]!.message).toContain('event "order_completed"');
    expect(body.errors[0]!.message).toContain("must be a number");
    expect(body.errors[1]!.message).toContain('must be one of "EUR", "USD"');
    expect(await findEventByMessageId(db, workspace.workspaceId, messageId)).toBeNull();

    const ok = await track(workspace.writeKey, {
      userId: "u1",
      event: "order_completed",
      messageId,
      properties: { total: 12, currency: "EUR" },
    });
    expect(ok.status).toBe(200);
    // Events without a schema are never checked.
    expect((await track(workspace.writeKey, { userId: "u1", event: "other", properties: { total: "x" } })).status).toBe(
      200,
    );
  });

  it("reject: one breaking event fails the whole batch, naming its index", async () => {
    const { workspace } = await workspaceWithOrderSchema("reject");
    const id = randomUUID();
    const res = await handleBatch(
      postJson("/v1/batch", {
        writeKey: workspace.writeKey,
        batch: [
          {
            type: "track",
            userId: "u1",
            event: "order_completed",
            properties: { total: 1, currency: "EUR" },
            messageId: `${id}-0`,
          },
          {
            type: "track",
            userId: "u1",
            event: "order_completed",
            properties: { currency: "EUR", items: [1, 2, 3, 4] },
            messageId: `${id}-1`,
          },
        ],
      }),
      { db },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(["batch.1.properties.total", "batch.1.properties.items"]);
    expect(await findEventByMessageId(db, workspace.workspaceId, `${id}-0`)).toBeNull();
  });

  it("flag: the event is accepted and stored with its problems, shown in the flagged filter", async () => {
    const { workspace, caller } = await workspaceWithOrderSchema("flag");
    const bad = randomUUID();
    const good = randomUUID();
    expect(
      (
        await track(workspace.writeKey, {
          userId: "u1",
          event: "order_completed",
          messageId: bad,
          properties: { total: -5, currency: "EUR" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await track(workspace.writeKey, {
          userId: "u1",
          event: "order_completed",
          messageId: good,
          properties: { total: 5, currency: "EUR" },
        })
      ).status,
    ).toBe(200);
    // A repeat of the flagged event is stored (and flagged) once.
    expect(
      (
        await track(workspace.writeKey, {
          userId: "u1",
          event: "order_completed",
          messageId: bad,
          properties: { total: -5, currency: "EUR" },
        })
      ).status,
    ).toBe(200);

    const flagged = await caller.events.recent({ isFlaggedOnly: true });
    expect(flagged.data.map((e) => e.messageId)).toEqual([bad]);
    expect(flagged.data[0]!.problems).toEqual([{ path: "properties.total", message: "must be at least 0, got -5" }]);
    const all = await caller.events.recent({ eventName: "order_completed" });
    expect(all.data.map((e) => [e.messageId, e.problems === null])).toEqual([
      [good, true],
      [bad, false],
    ]);

    // tRPC ingest goes through the same check.
    const viaTrpc = await callerWithAuth(`Bearer ${workspace.writeKey}`).ingest.track({
      userId: "u2",
      event: "order_completed",
      properties: { currency: "EUR" },
    });
    expect((await caller.events.recent({ isFlaggedOnly: true })).data.map((e) => e.messageId)).toContain(
      viaTrpc.messageId,
    );
  });

  it("checks types, enums, bounds and strictness", () => {
    const schema = {
      isStrict: true,
      rules: [
        { name: "tags", type: "array" as const, required: true, min: 1 },
        { name: "meta", type: "object" as const, required: false },
        { name: "ok", type: "boolean" as const, required: false },
        { name: "code", type: "string" as const, required: false, max: 3 },
      ],
    };
    expect(checkEventProperties(schema, { tags: ["a"], meta: {}, ok: true, code: "abc" })).toEqual([]);
    expect(
      checkEventProperties(schema, { tags: [], meta: [], ok: "yes", code: "abcd", extra: 1 }).map(
        (i) => `${i.path} ${i.message}`,
      ),
    ).toEqual([
      "properties.tags must be at least 1 items long, got 0",
      "properties.meta must be an object, got array []",
      'properties.ok must be a boolean, got string "yes"',
      "properties.code must be at most 3 characters long, got 4",
      "properties.extra is not in the event's schema (the schema is strict)",
    ]);
  });

  it("refuses a schema that contradicts itself", async () => {
    const { caller } = await createWorkspaceCaller();
    await expect(
      caller.events.saveSchema({
        eventName: "e",
        rules: [{ name: "n", type: "number", required: true, min: 5, max: 1 }],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
