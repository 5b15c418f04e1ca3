// The `contacts` tRPC router: search and pagination of the list, audited trait edits,
// export and idempotent erasure through the same use cases as the HTTP API.
import { randomUUID } from "node:crypto";
import { findTraitAudits } from "@mailstream/db/queries/contact-trait-edits";
import { contactMerges, contacts, events } from "@mailstream/db/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createContactFixture } from "@mailstream/testing/contacts-fixtures";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";

const db = testDb();

describe("contacts router", () => {
  it("searches by userId or email substring and pages the list", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const a = await createContactFixture(db, workspace);
    const b = await createContactFixture(db, workspace);
    await createContactFixture(db, workspace);

    const byUserId = await caller.contacts.list({ search: a.userId.slice(2, 14).toUpperCase() });
    expect(byUserId.data.map((c) => c.userId)).toEqual([a.userId]);
    const byEmail = await caller.contacts.list({ search: `${b.userId}@mailstream` });
    expect(byEmail.data.map((c) => c.userId)).toEqual([b.userId]);
    expect((await caller.contacts.list({ search: "%" })).data).toEqual([]);

    const first = await caller.contacts.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    const second = await caller.contacts.list({ limit: 2, cursor: first.nextCursor });
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((c) => c.id)).size).toBe(3);
    await expect(caller.contacts.list({ cursor: "garbage" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("edits traits and audits each added, changed and removed key", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const contact = await createContactFixture(db, workspace);
    const result = await caller.contacts.editTraits({
      contactId: contact.contactId,
      traits: { plan: "enterprise", email: contact.email, seats: 5 },
    });
    expect(result.changes).toEqual([
      { key: "plan", old: "pro", new: "enterprise" },
      { key: "seats", new: 5 },
    ]);
    await caller.contacts.editTraits({
      contactId: contact.contactId,
      traits: { plan: "enterprise", email: contact.email },
    });
    // Saving an unchanged form writes no audit row.
    await caller.contacts.editTraits({
      contactId: contact.contactId,
      traits: { plan: "enterprise", email: contact.email },
    });

    const audits = await findTraitAudits(db, workspace.workspaceId, contact.contactId);
    expect(audits.map((a) => a.changes)).toEqual([
      [{ key: "seats", old: 5 }],
      [
        { key: "plan", old: "pro", new: "enterprise" },
        { key: "seats", new: 5 },
      ],
    ]);
    expect(audits.every((a) => a.source === "ui")).toBe(true);
    expect((await caller.contacts.byId({ contactId: contact.contactId })).traits).toEqual({
      plan: "enterprise",
      email: contact.email,
    });
    expect((await caller.contacts.export({ contactId: contact.contactId })).traitAudits).toHaveLength(2);
  });

  it("erases through tRPC idempotently and 404s the profile afterwards", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const contact = await createContactFixture(db, workspace, { events: 2 });
    const exported = await caller.contacts.export({ contactId: contact.contactId });
    expect(exported.events).toHaveLength(2);
    expect(await caller.contacts.erase({ contactId: contact.contactId })).toMatchObject({
      deleted: true,
      counts: { events: 2 },
    });
    expect(await caller.contacts.erase({ contactId: contact.contactId })).toEqual({ deleted: false });
    await expect(caller.contacts.byId({ contactId: contact.contactId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("erases an anonymous contact's events and the merge log naming it", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const known = await createContactFixture(db, workspace);
    const anonymousId = `anon-${randomUUID()}`;
    const [anon] = await db
      .insert(contacts)
      .values({ workspaceId: workspace.workspaceId, anonymousId })
      .returning({ id: contacts.id });
    if (!anon) throw new Error("no anonymous contact");
    await db.insert(events).values({
      workspaceId: workspace.workspaceId,
      messageId: randomUUID(),
      type: "page",
      anonymousId,
      timestamp: new Date(),
    });
    const mergedAnon = `anon-${randomUUID()}`;
    await db.insert(events).values({
      workspaceId: workspace.workspaceId,
      messageId: randomUUID(),
      type: "track",
      event: "viewed",
      anonymousId: mergedAnon,
      timestamp: new Date(),
    });
    await db.insert(contactMerges).values({
      workspaceId: workspace.workspaceId,
      fromContactId: randomUUID(),
      intoContactId: known.contactId,
      anonymousId: mergedAnon,
      userId: known.userId,
      messageId: randomUUID(),
    });

    expect((await caller.contacts.export({ contactId: known.contactId })).merges).toHaveLength(1);
    expect(await caller.contacts.erase({ contactId: anon.id })).toMatchObject({ deleted: true, counts: { events: 1 } });
    expect(await caller.contacts.erase({ contactId: known.contactId })).toMatchObject({
      deleted: true,
      counts: { events: 1 },
    });
    expect(await db.select().from(events).where(eq(events.workspaceId, workspace.workspaceId))).toEqual([]);
    expect(await db.select().from(contactMerges).where(eq(contactMerges.workspaceId, workspace.workspaceId))).toEqual(
      [],
    );
  });
});
