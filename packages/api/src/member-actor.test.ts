// The per-sender limit on invitations, on the one Postgres-backed rate limiter: the 31st
// invitation within the hour is a 429 (TOO_MANY_REQUESTS), another sender is unaffected.
import { randomUUID } from "node:crypto";
import { testDb } from "@mailstream/testing/test-db";
import { describe, expect, it } from "vitest";
import { INVITE_LIMIT, spendInvitation } from "./member-actor";

describe("spendInvitation", () => {
  it("refuses a sender past the hourly limit with TOO_MANY_REQUESTS, and no one else", async () => {
    const db = testDb();
    const sender = {
      kind: "key",
      keyId: randomUUID(),
      keyPrefix: "ms_sk_test",
      workspaceId: randomUUID(),
      role: "admin",
    } as const;
    const other = {
      kind: "key",
      keyId: randomUUID(),
      keyPrefix: "ms_sk_test",
      workspaceId: randomUUID(),
      role: "admin",
    } as const;
    for (let i = 0; i < INVITE_LIMIT.points; i++) await spendInvitation(db, sender);
    await expect(spendInvitation(db, sender)).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringContaining("Too many invitations"),
    });
    await expect(spendInvitation(db, other)).resolves.toBeUndefined();
  });
});
