// Signed-in people for tests: one better-auth instance over the test database and a helper
// that makes a member of a workspace with a role and signs them in through the real sign-in
// endpoint, returning the session cookie (what a browser would send).
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@mailstream/db/client";
import { ensureMember } from "@mailstream/auth/members";
import type { Role } from "@mailstream/auth/permissions";
import { createAuth, type AuthConfig, type MailstreamAuth } from "@mailstream/auth/server";
import { PEER_ADDRESS_HEADER } from "@mailstream/auth/client-address";
import { testEnv } from "./test-env";

/** Test-only signing secret (better-auth wants ≥ 32 characters). */
export const TEST_AUTH_SECRET = "test-only-auth-secret-0123456789abcdef";
export const TEST_AUTH_BASE_URL = "http://127.0.0.1:3000";

/** The shared test database (for packages whose tests may not import @mailstream/db themselves). */
export function testDatabase(): Db {
  return createDb(testEnv().databaseUrl).db;
}

const instances = new WeakMap<Db, MailstreamAuth>();

/** One auth instance per test database handle (sessions signed by one are read by the other). */
export function testAuth(db: Db, overrides: Partial<AuthConfig> = {}): MailstreamAuth {
  if (Object.keys(overrides).length > 0)
    return createAuth({ db, secret: TEST_AUTH_SECRET, baseURL: TEST_AUTH_BASE_URL, ...overrides });
  let auth = instances.get(db);
  if (!auth) {
    auth = createAuth({ db, secret: TEST_AUTH_SECRET, baseURL: TEST_AUTH_BASE_URL });
    instances.set(db, auth);
  }
  return auth;
}

export interface TestMember {
  userId: string;
  email: string;
  password: string;
  /** `name=value` pairs for a Cookie header. */
  cookie: string;
}

/** The session cookie(s) a sign-in response sets, as a Cookie request header. */
export function cookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter(Boolean)
    .join("; ");
}

export async function signIn(auth: MailstreamAuth, email: string, password: string): Promise<Response> {
  return auth.handler(
    new Request(`${TEST_AUTH_BASE_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: TEST_AUTH_BASE_URL,
        [PEER_ADDRESS_HEADER]: `10.${randomOctets()}`,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

function randomOctets(): string {
  return [0, 0, 0].map(() => Math.floor(Math.random() * 256)).join(".");
}

/** A new person who is `role` in `workspaceId`, signed in. */
export async function createMemberSession(
  db: Db,
  workspaceId: string,
  role: Role,
  auth = testAuth(db),
): Promise<TestMember> {
  const email = `${role}-${randomUUID().slice(0, 12)}@members.mailstream.test`;
  const password = `pw-${randomUUID()}`;
  const userId = await ensureMember(db, { email, name: `Test ${role}`, password, workspaceId, role });
  const response = await signIn(auth, email, password);
  if (response.status !== 200)
    throw new Error(`signing in the test ${role} failed: ${response.status} ${await response.text()}`);
  return { userId, email, password, cookie: cookieFrom(response) };
}
