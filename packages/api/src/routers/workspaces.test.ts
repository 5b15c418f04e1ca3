// Workspaces through real sessions: create (creator becomes owner), list, switch (only to a
// workspace one belongs to), membership re-checked on every request, and a refused call
// changing nothing.
import { workspaceMembers } from "@mailstream/db/schema";
import { createMemberSession } from "@mailstream/testing/auth-fixtures";
import { buildLinearGraph, createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callerWithAuth, callerWithCookie, testDb } from "@mailstream/testing/test-caller";

describe("workspaces", () => {
  it("creates a workspace owned by its creator, switches between memberships, and shows only the active one's journeys", async () => {
    const db = testDb();
    const first = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, first.workspaceId, "marketer");
    const caller = callerWithCookie(member.cookie);
    await caller.journeys.create({ name: "Only in the first" });

    const created = await caller.workspaces.create({ name: "Second shop" });
    expect(created.role).toBe("owner");
    expect((await caller.workspaces.current()).workspace?.id).toBe(created.id);
    expect(await caller.journeys.list()).toEqual([]);

    const list = await caller.workspaces.list();
    expect(list.activeWorkspaceId).toBe(created.id);
    expect(list.workspaces.map((w) => [w.workspaceId, w.role])).toEqual([
      [first.workspaceId, "marketer"],
      [created.id, "owner"],
    ]);

    await caller.workspaces.switch({ workspaceId: first.workspaceId });
    expect((await caller.journeys.list()).map((j) => j.name)).toEqual(["Only in the first"]);
  });

  it("refuses switching to a workspace the person does not belong to, and keys cannot switch", async () => {
    const db = testDb();
    const mine = await createWorkspaceWithKeys(db);
    const theirs = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, mine.workspaceId, "admin");
    await expect(
      callerWithCookie(member.cookie).workspaces.switch({ workspaceId: theirs.workspaceId }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You are not a member of that workspace.",
    });
    expect((await callerWithCookie(member.cookie).workspaces.current()).workspace?.id).toBe(mine.workspaceId);
    await expect(
      callerWithAuth(`Bearer ${mine.secretKey}`).workspaces.switch({ workspaceId: theirs.workspaceId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("re-checks membership on every request: a removed member is refused at once", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const member = await createMemberSession(db, ws.workspaceId, "marketer");
    const caller = callerWithCookie(member.cookie);
    await expect(caller.journeys.list()).resolves.toEqual([]);
    await db
      .delete(workspaceMembers)
      .where(and(eq(workspaceMembers.workspaceId, ws.workspaceId), eq(workspaceMembers.userId, member.userId)));
    await expect(caller.journeys.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses an analyst's publish with 403 and a clear message, changing nothing", async () => {
    const db = testDb();
    const ws = await createWorkspaceWithKeys(db);
    const owner = callerWithAuth(`Bearer ${ws.secretKey}`);
    const journey = await owner.journeys.create({ name: "Guarded" });
    const analyst = callerWithCookie((await createMemberSession(db, ws.workspaceId, "analyst")).cookie);
    await expect(
      analyst.journeys.publish({ journeyId: journey.id, graph: buildLinearGraph("signed_up", [{ kind: "exit" }]) }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Your role (Analyst) does not allow this"),
    });
    const [after] = await owner.journeys.list();
    expect(after).toMatchObject({ id: journey.id, status: "draft" });
    expect(await analyst.metrics.overview()).toBeDefined();
  });

  it("answers no credentials and a wrong Authorization scheme with 401, never a default workspace", async () => {
    const ws = await createWorkspaceWithKeys(testDb());
    await expect(callerWithAuth(null).contacts.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerWithAuth(`Token ${ws.secretKey}`).settings.get()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
