// The ingest router (tRPC twin of POST /api/v1/track|identify) over the real test database:
// key auth, validation errors naming fields, dedupe by messageId.
import { randomUUID } from "node:crypto";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { describe, expect, it } from "vitest";
import { createWorkspaceWithKeys } from "../testing/fixtures";
import { callerWithAuth, testDb } from "./test-caller";

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
});
