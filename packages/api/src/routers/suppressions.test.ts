// Suppressions over tRPC against the real Postgres: manual entries with a note (bad addresses
// named, duplicates refused), search and paging, removal (a bounce only with confirmation,
// every change logged), and a test send to a manually suppressed address is skipped.
import { suppressAddress } from "@mailstream/db/queries/suppressions";
import { describe, expect, it } from "vitest";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";

describe("suppressions router", () => {
  it("adds a manual entry with its note and names what is wrong with a bad address", async () => {
    const { caller } = await createWorkspaceCaller();
    const added = await caller.suppressions.add({ email: " Ada@Example.TEST ", note: "asked by phone" });
    expect(added).toMatchObject({ email: "ada@example.test", reason: "manual", note: "asked by phone" });
    await expect(caller.suppressions.add({ email: "ada@example.test" })).rejects.toThrow(
      "ada@example.test is already suppressed (it was added by hand).",
    );
    await expect(caller.suppressions.add({ email: "ada.example.test" })).rejects.toThrow(
      '"ada.example.test" has no @.',
    );
    await expect(caller.suppressions.add({ email: "ada@localhost" })).rejects.toThrow(
      "has no valid domain after the @",
    );
    await expect(caller.suppressions.add({ email: "ada lovelace@example.test" })).rejects.toThrow("contains a space");
    await expect(caller.suppressions.add({ email: "" })).rejects.toThrow("Enter an email address.");
    const listed = await caller.suppressions.list({});
    expect(listed.total).toBe(1);
    expect(listed.recentChanges).toMatchObject([
      { email: "ada@example.test", action: "added", reason: "manual", note: "asked by phone" },
    ]);
  });

  it("lists every source newest first, searches part of the address (wildcards literal) and pages", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const db = testDb();
    await suppressAddress(db, { workspaceId: workspace.workspaceId, email: "bounce@example.test", reason: "bounced" });
    await suppressAddress(db, {
      workspaceId: workspace.workspaceId,
      email: "spam_report@example.test",
      reason: "complained",
    });
    await suppressAddress(db, {
      workspaceId: workspace.workspaceId,
      email: "left@example.test",
      reason: "unsubscribed",
    });
    for (let i = 0; i < 27; i += 1) await caller.suppressions.add({ email: `bulk-${i}@list.test`, note: "" });

    const first = await caller.suppressions.list({});
    expect(first).toMatchObject({ total: 30, page: 1, pageSize: 25 });
    expect(first.entries).toHaveLength(25);
    expect(first.entries[0]?.email).toBe("bulk-26@list.test");
    const second = await caller.suppressions.list({ page: 2 });
    expect(second.entries.map((e) => e.reason).sort()).toEqual([
      "bounced",
      "complained",
      "manual",
      "manual",
      "unsubscribed",
    ]);
    expect(second.entries.find((e) => e.email === "bounce@example.test")?.createdAt).toBeInstanceOf(Date);

    expect((await caller.suppressions.list({ search: "EXAMPLE" })).total).toBe(3);
    expect((await caller.suppressions.list({ search: "spam_" })).entries.map((e) => e.email)).toEqual([
      "spam_report@example.test",
    ]);
    expect((await caller.suppressions.list({ search: "bulk_" })).total).toBe(0); // `_` is not a wildcard
    expect((await caller.suppressions.list({ search: "%" })).total).toBe(0);
    await expect(caller.suppressions.list({ page: 0 })).rejects.toThrow("page starts at 1");
  });

  it("lifts a bounce or complaint only when confirmed, and logs what was removed", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const db = testDb();
    await suppressAddress(db, { workspaceId: workspace.workspaceId, email: "bounce@example.test", reason: "bounced" });
    await caller.suppressions.add({ email: "manual@example.test", note: "" });

    await expect(caller.suppressions.remove({ email: "bounce@example.test" })).rejects.toThrow(
      "bounce@example.test hard-bounced; mailing it again can hurt your sender reputation. Confirm to remove it anyway.",
    );
    expect((await caller.suppressions.list({ search: "bounce@" })).total).toBe(1);
    const lifted = await caller.suppressions.remove({
      email: "Bounce@example.test",
      note: "mailbox fixed",
      confirmDeliverabilityRisk: true,
    });
    expect(lifted.removed).toMatchObject({ email: "bounce@example.test", reason: "bounced" });
    await caller.suppressions.remove({ email: "manual@example.test" }); // a manual entry needs no confirmation
    await expect(caller.suppressions.remove({ email: "manual@example.test" })).rejects.toThrow(
      "manual@example.test is not on the suppression list.",
    );

    const after = await caller.suppressions.list({});
    expect(after.total).toBe(0);
    expect(after.recentChanges.map((c) => [c.action, c.email, c.reason, c.note])).toEqual([
      ["removed", "manual@example.test", "manual", null],
      ["removed", "bounce@example.test", "bounced", "mailbox fixed"],
      ["added", "manual@example.test", "manual", null],
    ]);
  });

  it("skips a Settings test send to a manually suppressed address, but not to one that only unsubscribed", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    await caller.suppressions.add({ email: "blocked@example.test", note: "legal hold" });
    expect(await caller.settings.sendTest({ to: "blocked@example.test" })).toEqual({
      status: "skipped",
      reason:
        "blocked@example.test is suppressed (manual: legal hold); remove it in Settings → Suppressions to send to it.",
    });
    await suppressAddress(testDb(), {
      workspaceId: workspace.workspaceId,
      email: "left@example.test",
      reason: "unsubscribed",
    });
    expect(await caller.settings.sendTest({ to: "left@example.test" })).toMatchObject({
      status: "sent",
      transport: "outbox",
    });
  });
});
