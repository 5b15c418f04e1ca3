// The ingest router (tRPC twin of POST /api/v1/*) over the real test database: key auth,
// validation errors naming fields, dedupe by messageId, every Segment call and atomic batches.
import { randomUUID } from "node:crypto";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { describe, expect, it } from "vitest";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { callerWithAuth, testDb } from "@mailstream/testing/test-caller";

const db = testDb();

describe("ingest router", () => {
  it("stores a track sent with the write key once, however often it is repeated", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const caller = callerWithAuth(`Bearer ${ws.writeKey}`);
    const messageId = `msg-${randomUUID()}`;
    const payload = { userId: "u-1", event: "signed_up", properties: { plan: "pro" }, messageId };
    expect(await caller.ingest.track(payload)).toEqual({ messageId, isDuplicate: false });
    expect(await caller.ingest.track(payload)).toEqual({ messageId, isDuplicate: true });
    const stored = await findEventByMessageId(db, ws.workspaceId, messageId);
    expect(stored).toMatchObject({ type: "track", event: "signed_up", userId: "u-1" });

    const identified = await callerWithAuth(`Bearer ${ws.secretKey}`).ingest.identify({
      userId: "u-1",
      traits: { first_name: "Ada" },
    });
    expect(identified.isDuplicate).toBe(false);
  });

  it("refuses a missing or unknown key", async () => {
    await expect(callerWithAuth(null).ingest.track({ userId: "u", event: "e" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(
      callerWithAuth("Bearer ms_wk_unknown").ingest.track({ userId: "u", event: "e" }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("names each problem of a bad event", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const error = await callerWithAuth(`Bearer ${ws.writeKey}`)
      .ingest.track({ properties: "nope" } as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const issues = (error as { cause: { issues: { path: string }[] } }).cause.issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(["event"]));
  });

  it("stores page, screen, group and alias like the HTTP API does, once per messageId", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const caller = callerWithAuth(`Bearer ${ws.writeKey}`);
    const id = randomUUID();
    await caller.ingest.page({
      userId: "u1",
      name: "Pricing",
      category: "Docs",
      properties: { path: "/pricing" },
      messageId: `${id}-p`,
    });
    await caller.ingest.screen({ anonymousId: "a1", name: "Home", messageId: `${id}-s` });
    await caller.ingest.group({ userId: "u1", groupId: 7, traits: { plan: "team" }, messageId: `${id}-g` });
    expect(await caller.ingest.alias({ userId: "u1", previousId: "a1", messageId: `${id}-a` })).toEqual({
      messageId: `${id}-a`,
      isDuplicate: false,
    });
    expect(await caller.ingest.alias({ userId: "u1", previousId: "a1", messageId: `${id}-a` })).toEqual({
      messageId: `${id}-a`,
      isDuplicate: true,
    });
    expect(await findEventByMessageId(db, ws.workspaceId, `${id}-p`)).toMatchObject({
      type: "page",
      event: "Pricing",
      properties: { category: "Docs", path: "/pricing" },
    });
    expect(await findEventByMessageId(db, ws.workspaceId, `${id}-s`)).toMatchObject({
      type: "screen",
      event: "Home",
      anonymousId: "a1",
    });
    expect(await findEventByMessageId(db, ws.workspaceId, `${id}-g`)).toMatchObject({
      type: "group",
      properties: { groupId: "7" },
    });
    expect(await findEventByMessageId(db, ws.workspaceId, `${id}-a`)).toMatchObject({
      type: "alias",
      properties: { previousId: "a1" },
    });
    await expect(caller.ingest.alias({ userId: "u1" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("stores a batch atomically: all events, or none with every bad index named", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const caller = callerWithAuth(`Bearer ${ws.writeKey}`);
    const id = randomUUID();
    const error = await caller.ingest
      .batch({
        batch: [
          { type: "track", userId: "u1", event: "ok", messageId: `${id}-1` },
          { type: "track", userId: "u1", messageId: `${id}-2` } as never,
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as { cause: { issues: { path: string }[] } }).cause.issues.map((i) => i.path)).toEqual([
      "batch.1.event",
    ]);
    expect(await findEventByMessageId(db, ws.workspaceId, `${id}-1`)).toBeNull();

    const batch = [
      { type: "identify" as const, userId: "u1", traits: { first_name: "Ada" }, messageId: `${id}-1` },
      { type: "track" as const, userId: "u1", event: "ok", messageId: `${id}-2` },
    ];
    expect(await caller.ingest.batch({ batch })).toEqual({ accepted: 2, duplicates: 0 });
    expect(await caller.ingest.batch({ batch })).toEqual({ accepted: 2, duplicates: 2 });
    const huge = { type: "track" as const, userId: "u1", event: "big", properties: { blob: "x".repeat(30_000) } };
    await expect(caller.ingest.batch({ batch: Array.from({ length: 20 }, () => huge) })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
  });
});
