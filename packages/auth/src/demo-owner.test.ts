// The demo owner: one login generated and kept 0600, the same on every start, an owner of the
// demo workspace who can sign in, and no other account touched by a second start.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listMemberships } from "@mailstream/db/queries/workspace-members";
import { createMemberSession, signIn, testAuth, testDatabase } from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { ensureDemoOwner, loadOrCreateDemoOwnerLogin } from "./demo-owner";
import { isInstanceOwner } from "./instance-owner";

describe("demo owner", () => {
  it("keeps one login in a 0600 file and signs in as owner of the demo workspace after every start", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "demo-owner-"));
    const login = loadOrCreateDemoOwnerLogin(dir);
    expect(statSync(path.join(dir, "demo-owner.json")).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDemoOwnerLogin(dir)).toEqual(login);

    const db = testDatabase();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    // Unique per run: the shared test database may hold other runs' demo owners.
    const unique = { ...login, email: `owner-${path.basename(dir)}@demo.mailstream.test`.toLowerCase() };
    const colleague = await createMemberSession(db, workspaceId, "analyst");
    await ensureDemoOwner(db, workspaceId, unique);
    await ensureDemoOwner(db, workspaceId, unique); // a second start

    expect((await signIn(testAuth(db), unique.email, unique.password)).status).toBe(200);
    expect((await signIn(testAuth(db), colleague.email, colleague.password)).status).toBe(200);
    const owner = await signIn(testAuth(db), unique.email, unique.password);
    expect(owner.status).toBe(200);
    const { user } = (await owner.json()) as { user: { id: string } };
    expect((await listMemberships(db, user.id)).map((m) => [m.workspaceId, m.role])).toEqual([[workspaceId, "owner"]]);
    // The demo owner is the instance owner too (single sign-on settings); other people are not.
    expect(await isInstanceOwner(db, user.id)).toBe(true);
    const { user: other } = (await (await signIn(testAuth(db), colleague.email, colleague.password)).json()) as {
      user: { id: string };
    };
    expect(await isInstanceOwner(db, other.id)).toBe(false);
  });
});
