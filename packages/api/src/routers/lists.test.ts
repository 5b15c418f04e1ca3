// The journeys and templates lists over the real test database: search (name, any case, paged),
// status and tag filters, tags, rename, duplicate, delete with what blocks it named, the audit
// row of each change, and input errors in words with their field paths.
import { journeys } from "@mailstream/db/schema";
import { findAuditLogPage } from "@mailstream/db/queries/audit-log";
import { createContactFixture, createRunFixture } from "@mailstream/testing/contacts-fixtures";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
} from "@mailstream/testing/workspace-fixtures";
import { callerWithAuth, catchTRPCError, testDb, testDeps } from "@mailstream/testing/test-caller";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createContextFactory } from "../trpc";
import { appRouter } from "./root";

const db = testDb();

async function workspaceCaller() {
  const workspace = await createWorkspaceWithKeys(db);
  return { workspace, caller: callerWithAuth(`Bearer ${workspace.secretKey}`) };
}

describe("journeys list", () => {
  it("searches names in any case, filters by status and tag, and pages with a total", async () => {
    const { caller, workspace } = await workspaceCaller();
    for (const name of ["Trial nurture", "Win-back 50%", "trial expiry", "Welcome"])
      await caller.journeys.create({ name });
    const live = await createLiveJourney(
      db,
      workspace.workspaceId,
      "Trial live",
      buildLinearGraph("x", [{ kind: "exit" }]),
    );
    const trial = await caller.journeys.search({ search: "TRIAL" });
    expect(trial.items.map((j) => j.name).sort()).toEqual(["Trial live", "Trial nurture", "trial expiry"]);
    // A typed % is a percent sign, not a wildcard.
    expect((await caller.journeys.search({ search: "50%" })).items.map((j) => j.name)).toEqual(["Win-back 50%"]);
    expect((await caller.journeys.search({ search: "%" })).total).toBe(1);
    const lives = await caller.journeys.search({ status: "live" });
    expect(lives.items.map((j) => j.id)).toEqual([live.journeyId]);
    const page = await caller.journeys.search({ limit: 2, offset: 4 });
    expect(page).toMatchObject({ total: 5, items: [expect.anything()] });

    await caller.journeys.addTag({ journeyId: live.journeyId, tag: "  Onboarding  " });
    await caller.journeys.addTag({ journeyId: live.journeyId, tag: "onboarding" }); // a retry: no second copy
    const tagged = await caller.journeys.search({ tag: "Onboarding" });
    expect(tagged.items).toEqual([expect.objectContaining({ id: live.journeyId, tags: ["onboarding"] })]);
    expect(tagged.tags).toEqual(["onboarding"]);
    await caller.journeys.removeTag({ journeyId: live.journeyId, tag: "onboarding" });
    expect((await caller.journeys.search({ tag: "onboarding" })).total).toBe(0);
    const audited = await findAuditLogPage(db, {
      workspaceId: workspace.workspaceId,
      action: "journey.tag",
      limit: 10,
    });
    expect(audited.map((row) => row.changes?.after)).toEqual([{ tags: [] }, { tags: ["onboarding"] }]);
  });

  it("refuses bad tags in words and keeps at most ten", async () => {
    const { caller } = await workspaceCaller();
    const { id } = await caller.journeys.create({ name: "Tagged" });
    const bad = await catchTRPCError(() => caller.journeys.addTag({ journeyId: id, tag: "<script>" }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/starts with a letter or digit/) });
    for (let i = 0; i < 10; i++) await caller.journeys.addTag({ journeyId: id, tag: `t${i}` });
    const full = await catchTRPCError(() => caller.journeys.addTag({ journeyId: id, tag: "eleven" }));
    expect(full.message).toMatch(/At most 10 tags/);
  });

  it("renames; an empty or blank name is refused in words naming the field, over HTTP too", async () => {
    const { caller, workspace } = await workspaceCaller();
    const { id } = await caller.journeys.create({ name: "Before" });
    await expect(caller.journeys.rename({ journeyId: id, name: "  After  " })).resolves.toEqual({ id, name: "After" });
    const blank = await catchTRPCError(() => caller.journeys.rename({ journeyId: id, name: "   " }));
    expect(blank).toMatchObject({ code: "BAD_REQUEST", message: "Give the journey a name" });
    const long = await catchTRPCError(() => caller.journeys.rename({ journeyId: id, name: "x".repeat(201) }));
    expect(long.message).toBe("Name must be at most 200 characters");

    const createContext = createContextFactory(testDeps());
    const req = new Request("http://localhost/api/trpc/journeys.rename", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${workspace.secretKey}` },
      body: JSON.stringify(superjson.serialize({ journeyId: id, name: "" })),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => createContext({ headers: req.headers }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string; data: { fieldIssues: unknown } } } };
    expect(body.error.json.message).toBe("Give the journey a name");
    expect(body.error.json.data.fieldIssues).toEqual([{ path: "name", message: "Give the journey a name" }]);
    const [row] = await db.select({ name: journeys.name }).from(journeys).where(eq(journeys.id, id));
    expect(row?.name).toBe("After");
  });

  it("duplicates the draft graph and tags into a new draft named “… (copy)”", async () => {
    const { caller, workspace } = await workspaceCaller();
    const templateId = await createTemplateFixture(db, workspace.workspaceId, "Hello", "Hi");
    const graph = buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]);
    const live = await createLiveJourney(db, workspace.workspaceId, "Nurture", graph);
    await caller.journeys.addTag({ journeyId: live.journeyId, tag: "q3" });
    const copy = await caller.journeys.duplicate({ journeyId: live.journeyId });
    expect(copy).toMatchObject({ name: "Nurture (copy)", status: "draft" });
    const read = await caller.journeys.byId({ journeyId: copy.id });
    expect(read).toMatchObject({ status: "draft", liveVersionId: null, versions: [], draft: graph });
    expect((await caller.journeys.search({ tag: "q3" })).total).toBe(2);
    const longName = await caller.journeys.create({ name: "y".repeat(200) });
    const longCopy = await caller.journeys.duplicate({ journeyId: longName.id });
    expect(longCopy.name).toHaveLength(200);
    expect(longCopy.name.endsWith(" (copy)")).toBe(true);
  });

  it("deletes a draft; refuses a live journey and one with active runs, saying why", async () => {
    const { caller, workspace } = await workspaceCaller();
    const draft = await caller.journeys.create({ name: "Scratch" });
    await expect(caller.journeys.delete({ journeyId: draft.id })).resolves.toEqual({
      journeyId: draft.id,
      deleted: true,
    });
    const gone = await catchTRPCError(() => caller.journeys.byId({ journeyId: draft.id }));
    expect(gone.code).toBe("NOT_FOUND");

    const contact = await createContactFixture(db, workspace);
    const run = await createRunFixture(db, workspace.workspaceId, contact.contactId);
    const live = await catchTRPCError(() => caller.journeys.delete({ journeyId: run.journeyId }));
    expect(live).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/is live: archive it first/),
    });
    await db.update(journeys).set({ status: "archived" }).where(eq(journeys.id, run.journeyId));
    const active = await catchTRPCError(() => caller.journeys.delete({ journeyId: run.journeyId }));
    expect(active.message).toMatch(/still has 1 active run/);
    const audited = await findAuditLogPage(db, {
      workspaceId: workspace.workspaceId,
      action: "journey.delete",
      limit: 10,
    });
    expect(audited.map((row) => row.targetLabel)).toEqual(["Scratch"]);
  });
});

describe("templates list", () => {
  it("renames, duplicates, tags and searches templates", async () => {
    const { caller } = await workspaceCaller();
    const created = await caller.templates.create({ name: "Welcome" });
    const blank = await catchTRPCError(() => caller.templates.update({ templateId: created.id, name: " " }));
    expect(blank.message).toBe("Give the template a name");
    await caller.templates.update({ templateId: created.id, name: "Welcome v2" });
    await caller.templates.addTag({ templateId: created.id, tag: "Onboarding" });
    const copy = await caller.templates.duplicate({ templateId: created.id });
    expect(copy.name).toBe("Welcome v2 (copy)");
    const original = await caller.templates.byId({ templateId: created.id });
    const duplicated = await caller.templates.byId({ templateId: copy.id });
    expect(duplicated).toMatchObject({ subject: original.subject, blocks: original.blocks, tags: ["onboarding"] });
    const found = await caller.templates.search({ search: "welcome V2", tag: "onboarding" });
    expect(found.items.map((t) => t.name).sort()).toEqual(["Welcome v2", "Welcome v2 (copy)"]);
    expect(found).toMatchObject({ total: 2, tags: ["onboarding"] });
  });

  it("refuses to delete a template a draft or a published journey uses, naming them; deletes an unused one", async () => {
    const { caller, workspace } = await workspaceCaller();
    const used = await caller.templates.create({ name: "Used" });
    const graph = buildLinearGraph("signed_up", [{ kind: "email", templateId: used.id }, { kind: "exit" }]);
    await createLiveJourney(db, workspace.workspaceId, "Published user", graph);
    const draft = await caller.journeys.create({ name: "Draft user" });
    await caller.journeys.saveDraft({ journeyId: draft.id, graph });
    const refused = await catchTRPCError(() => caller.templates.delete({ templateId: used.id }));
    expect(refused).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('is used by the journeys "Draft user", "Published user"'),
    });
    // Still used by the published version after the draft drops it.
    await caller.journeys.saveDraft({ journeyId: draft.id, graph: buildLinearGraph("signed_up", [{ kind: "exit" }]) });
    const stillUsed = await catchTRPCError(() => caller.templates.delete({ templateId: used.id }));
    expect(stillUsed.message).toContain('the journey "Published user"');
    expect(await caller.templates.byId({ templateId: used.id })).toMatchObject({ name: "Used" });

    const unused = await caller.templates.create({ name: "Unused" });
    await expect(caller.templates.delete({ templateId: unused.id })).resolves.toEqual({
      templateId: unused.id,
      deleted: true,
    });
    expect((await caller.templates.search({ search: "unused" })).total).toBe(0);
    const audited = await findAuditLogPage(db, {
      workspaceId: workspace.workspaceId,
      action: "template.delete",
      limit: 10,
    });
    expect(audited.map((row) => row.targetLabel)).toEqual(["Unused"]);
  });
});
