// The instance security log on the test database: a failed sign-in and a rate-limited one are
// written (with the address tried and the client address when the proxy is trusted), a good
// sign-in is not, and the prune (the dispatcher runs it hourly) keeps 30 days.
import { randomUUID } from "node:crypto";
import {
  findSecurityEventsByEmail,
  insertSecurityEvent,
  pruneSecurityEvents,
} from "@mailstream/db/queries/security-events";
import { createMemberSession, testDatabase, TEST_AUTH_BASE_URL } from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { createAuth } from "./server";

const db = testDatabase();

function signInFrom(auth: ReturnType<typeof createAuth>, email: string, password: string, address: string) {
  return auth.handler(
    new Request(`${TEST_AUTH_BASE_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_AUTH_BASE_URL, "x-forwarded-for": address },
      body: JSON.stringify({ email, password }),
    }),
  );
}

const eventsFor = (email: string) => findSecurityEventsByEmail(db, [email]);

describe("security log", () => {
  it("records failed and rate-limited sign-ins, not good ones", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, workspaceId, "analyst");
    const auth = createAuth({
      db,
      secret: "test-only-auth-secret-0123456789abcdef",
      baseURL: TEST_AUTH_BASE_URL,
      trustedProxies: 1,
      signInLimits: {
        account: { name: `acct-${randomUUID()}`, points: 1 },
        address: { name: `addr-${randomUUID()}`, points: 100 },
      },
    });
    expect((await signInFrom(auth, member.email, member.password, "198.51.100.1")).status).toBe(200);
    expect(await eventsFor(member.email)).toEqual([]);
    expect((await signInFrom(auth, member.email.toUpperCase(), "wrong", "198.51.100.2")).status).toBe(401);
    expect((await signInFrom(auth, member.email, member.password, "198.51.100.3")).status).toBe(429);
    const events = await eventsFor(member.email);
    expect(
      events.map(({ kind, sourceAddress }) => ({ kind, sourceAddress })).sort((a, b) => a.kind.localeCompare(b.kind)),
    ).toEqual([
      { kind: "sign_in_failed", sourceAddress: "198.51.100.2" },
      { kind: "sign_in_rate_limited", sourceAddress: "198.51.100.3" },
    ]);
  });

  it("keeps 30 days", async () => {
    const day = 24 * 60 * 60 * 1000;
    const [old, recent] = [`old-${randomUUID()}@x.test`, `recent-${randomUUID()}@x.test`];
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day);
    await insertSecurityEvent(db, { kind: "sign_in_failed", email: old, sourceAddress: null, at: at(31) });
    await insertSecurityEvent(db, { kind: "sign_in_failed", email: recent, sourceAddress: null, at: at(29) });
    expect(await pruneSecurityEvents(db)).toBeGreaterThanOrEqual(1);
    const left = await findSecurityEventsByEmail(db, [old, recent]);
    expect(left.map((row) => row.email)).toEqual([recent]);
  });
});
