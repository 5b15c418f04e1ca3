// API keys through the router, as signed-in people and keys would call it, against the real
// database and the real HTTP ingest handler: create (secret shown once, role at most the
// creator's), list, revoke (ingest refuses the key), rotate with a grace period judged by the
// database clock (and two rotations at once), last-used written at most once a minute, other workspaces' keys
// unseen, and a removed member's secret keys revoked with their membership.
import { randomUUID } from "node:crypto";
import { clearApiKeyCache, flushApiKeyUses } from "@mailstream/core/ingest/auth";
import { apiKeys } from "@mailstream/db/schema";
import { createMemberSession } from "@mailstream/testing/auth-fixtures";
import { callerWithAuth, callerWithCookie, catchTRPCError, testDb } from "@mailstream/testing/test-caller";
import { basicAuth, createWorkspaceWithKeys, postJson } from "@mailstream/testing/workspace-fixtures";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handleTrack } from "../http/track";

const db = testDb();

/** One real ingest request with `key` as the Basic user name; its HTTP status. */
async function trackWith(key: string): Promise<number> {
  const request = postJson(
    "/api/v1/track",
    { userId: "key-user", event: "key_checked", messageId: randomUUID() },
    { authorization: basicAuth(key) },
  );
  return (await handleTrack(request, { db })).status;
}

async function developerOf(workspaceId: string) {
  const member = await createMemberSession(db, workspaceId, "developer");
  return { member, caller: callerWithCookie(member.cookie) };
}

describe("apiKeys", () => {
  it("creates named keys whose secret is shown once, lists them with creator and last use, and revokes them", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const { member, caller } = await developerOf(ws.workspaceId);

    const write = await caller.apiKeys.create({ kind: "write", name: "  Checkout backend " });
    expect(write).toMatchObject({ kind: "write", name: "Checkout backend", secret: expect.stringMatching(/^ms_wk_/) });
    expect(write.keyPrefix).toBe(write.secret.slice(0, 10));
    const secret = await caller.apiKeys.create({ kind: "secret", name: "Reporting" });
    expect(secret.role).toBe("developer");

    expect(await trackWith(write.secret)).toBe(200);
    await flushApiKeyUses();
    const listed = await caller.apiKeys.list();
    expect(listed.grantableRoles).toEqual(["developer", "analyst"]);
    expect(JSON.stringify(listed)).not.toContain(write.secret.slice(10));
    const row = listed.keys.find((key) => key.id === write.id);
    expect(row).toMatchObject({
      name: "Checkout backend",
      kind: "write",
      keyPrefix: write.keyPrefix,
      createdBy: { email: member.email, name: "Test developer" },
      state: "active",
      revokedAt: null,
      expiresAt: null,
    });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    expect(listed.keys.find((key) => key.id === secret.id)).toMatchObject({ role: "developer", lastUsedAt: null });

    // A second use within the minute writes nothing.
    expect(await trackWith(write.secret)).toBe(200);
    await flushApiKeyUses();
    const again = (await caller.apiKeys.list()).keys.find((key) => key.id === write.id);
    expect(again?.lastUsedAt).toEqual(row?.lastUsedAt);

    expect(await caller.apiKeys.revoke({ id: write.id })).toMatchObject({ id: write.id, wasActive: true });
    expect(await trackWith(write.secret)).toBe(401);
    // A retried revoke is not an error.
    expect(await caller.apiKeys.revoke({ id: write.id })).toMatchObject({ wasActive: false });
    expect((await caller.apiKeys.list()).keys.find((key) => key.id === write.id)?.state).toBe("revoked");
  });

  it("refuses a role above the creator's with 403 naming it, and stores nothing", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const { caller } = await developerOf(ws.workspaceId);
    const before = (await caller.apiKeys.list()).keys.length;
    const refused = await catchTRPCError(() =>
      caller.apiKeys.create({ kind: "secret", name: "Too strong", role: "admin" }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("Your role (Developer) cannot create a secret key with the Admin role");
    expect((await caller.apiKeys.list()).keys.length).toBe(before);

    // An admin key (the fixture's) may not be rotated by a developer either.
    const adminKey = (await caller.apiKeys.list()).keys.find((key) => key.kind === "secret" && key.role === "admin");
    const rotate = await catchTRPCError(() => caller.apiKeys.rotate({ id: adminKey!.id, graceSeconds: 0 }));
    expect(rotate.code).toBe("FORBIDDEN");
    expect(rotate.message).toContain("cannot rotate a secret key with the Admin role");
    expect(await trackWith(ws.secretKey)).toBe(200);

    const bad = await catchTRPCError(() => caller.apiKeys.create({ kind: "write", name: "   " }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("Name the key");
    const control = await catchTRPCError(() => caller.apiKeys.create({ kind: "write", name: "two\nlines" }));
    expect(control.message).toContain("cannot contain line breaks");
  });

  it("never shows or touches another workspace's keys (404)", async () => {
    const mine = await createWorkspaceWithKeys(db);
    const theirs = await createWorkspaceWithKeys(db);
    const theirOwner = callerWithAuth(`Bearer ${theirs.secretKey}`);
    const theirKey = await theirOwner.apiKeys.create({ kind: "write", name: "Theirs" });
    const caller = callerWithAuth(`Bearer ${mine.secretKey}`);
    expect((await caller.apiKeys.list()).keys.map((key) => key.id)).not.toContain(theirKey.id);
    for (const call of [
      () => caller.apiKeys.revoke({ id: theirKey.id }),
      () => caller.apiKeys.rotate({ id: theirKey.id, graceSeconds: 60 }),
    ]) {
      const error = await catchTRPCError(call);
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("No API key with this id in this workspace.");
    }
    expect(await trackWith(theirKey.secret)).toBe(200);
  });

  it("rotates: the old key works through its grace period and stops when it ends; grace 0 ends it at once", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const owner = callerWithAuth(`Bearer ${ws.secretKey}`);
    const old = await owner.apiKeys.create({ kind: "write", name: "Mobile app" });
    expect(await trackWith(old.secret)).toBe(200);

    const inAnHour = async () => {
      const { rows } = await db.execute<{ at: Date }>(sql`select now() + interval '1 hour' as at`);
      return new Date((rows[0] as { at: Date }).at).getTime();
    };
    const earliest = await inAnHour();
    const rotated = await owner.apiKeys.rotate({ id: old.id, graceSeconds: 3600 });
    const latest = await inAnHour();
    expect(rotated.replacement).toMatchObject({ name: "Mobile app", kind: "write", role: old.role });
    expect(rotated.replacement.secret).not.toBe(old.secret);
    // An hour after the rotation, read on the database's clock around it (however long it took).
    const endsAt = new Date(rotated.previous.endsAt).getTime();
    expect(endsAt).toBeGreaterThanOrEqual(earliest);
    expect(endsAt).toBeLessThanOrEqual(latest);
    expect(await trackWith(old.secret)).toBe(200);
    expect(await trackWith(rotated.replacement.secret)).toBe(200);
    const listed = (await owner.apiKeys.list()).keys;
    expect(listed.find((key) => key.id === old.id)?.state).toBe("expiring");
    const twice = await catchTRPCError(() => owner.apiKeys.rotate({ id: old.id, graceSeconds: 60 }));
    expect(twice.code).toBe("CONFLICT");

    // The grace period ends (moved to the past on the database clock, instead of waiting an hour);
    // clearing the cache stands for its 5 s TTL running out.
    await db
      .update(apiKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiKeys.id, old.id));
    clearApiKeyCache();
    expect(await trackWith(old.secret)).toBe(401);
    expect(await trackWith(rotated.replacement.secret)).toBe(200);
    expect((await owner.apiKeys.list()).keys.find((key) => key.id === old.id)?.state).toBe("expired");
    const expired = await catchTRPCError(() => owner.apiKeys.rotate({ id: old.id, graceSeconds: 0 }));
    expect(expired.code).toBe("PRECONDITION_FAILED");

    const secret = await owner.apiKeys.create({ kind: "secret", name: "CI", role: "analyst" });
    const now = await owner.apiKeys.rotate({ id: secret.id, graceSeconds: 0 });
    expect(now.replacement.role).toBe("analyst");
    await expect(callerWithAuth(`Bearer ${secret.secret}`).metrics.overview()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(callerWithAuth(`Bearer ${now.replacement.secret}`).metrics.overview()).resolves.toBeDefined();

    // Two rotations of one key at once: the row lock lets one through, the other sees it rotated.
    const raced = await owner.apiKeys.create({ kind: "write", name: "Raced" });
    const outcomes = await Promise.allSettled([
      owner.apiKeys.rotate({ id: raced.id, graceSeconds: 60 }),
      owner.apiKeys.rotate({ id: raced.id, graceSeconds: 60 }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({
      reason: { code: "CONFLICT" },
    });
    expect((await owner.apiKeys.list()).keys.filter((key) => key.name === "Raced")).toHaveLength(2);

    const tooLong = await catchTRPCError(() =>
      owner.apiKeys.rotate({ id: rotated.replacement.id, graceSeconds: 86_401 }),
    );
    expect(tooLong.code).toBe("BAD_REQUEST");
    expect(tooLong.message).toContain("at most 24 hours");
  });

  it("revokes a member's secret keys when they are removed, and keeps their write keys", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const { member, caller } = await developerOf(ws.workspaceId);
    const secret = await caller.apiKeys.create({ kind: "secret", name: "Their reporting" });
    const write = await caller.apiKeys.create({ kind: "write", name: "Their site" });
    await callerWithAuth(`Bearer ${secret.secret}`).contacts.list({});

    const owner = await createMemberSession(db, ws.workspaceId, "owner");
    await callerWithCookie(owner.cookie).members.remove({ userId: member.userId });
    const refused = await catchTRPCError(() => callerWithAuth(`Bearer ${secret.secret}`).contacts.list({}));
    expect(refused.code).toBe("UNAUTHORIZED");
    expect(await trackWith(write.secret)).toBe(200);
    const audit = await callerWithCookie(owner.cookie).audit.list({ action: "apiKey.revoke" });
    expect(audit.items.map((item) => item.target.id)).toEqual([secret.id]);
  });
});
