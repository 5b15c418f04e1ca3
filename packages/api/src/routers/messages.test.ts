// The Inbox's messages router over the real test database: newest first, cursor pages
// that neither skip nor repeat, one message in full, workspace isolation.
import { describe, expect, it } from "vitest";
import { writeRun } from "@mailstream/testing/run-fixtures";
import { buildLinearGraph, createLiveJourney, createTemplateFixture } from "@mailstream/testing/workspace-fixtures";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";

const db = testDb();

describe("messages router", () => {
  it("pages through sent emails newest first and shows one in full", async () => {
    const { caller, workspace } = await createWorkspaceCaller();
    const templateId = await createTemplateFixture(db, workspace.workspaceId, "Inbox", "Hi");
    const journey = await createLiveJourney(
      db,
      workspace.workspaceId,
      "Inbox journey",
      buildLinearGraph("inbox", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    for (let i = 0; i < 5; i++) {
      await writeRun(db, {
        workspaceId: workspace.workspaceId,
        journeyId: journey.journeyId,
        versionId: journey.versionId,
        nodes: ["trigger", "email-1"],
      });
    }

    const first = await caller.messages.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.messages.list({ limit: 2, cursor: first.nextCursor });
    const third = await caller.messages.list({ limit: 2, cursor: second.nextCursor });
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeNull();

    const all = [...first.items, ...second.items, ...third.items];
    expect(new Set(all.map((m) => m.id)).size).toBe(5);
    const times = all.map((m) => m.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ journeyName: "Inbox journey", nodeId: "email-1", status: "sent" });

    const full = await caller.messages.byId({ messageId: all[0]!.id });
    expect(full).toMatchObject({ id: all[0]!.id, html: "<p>hi</p>", text: "hi", journeyName: "Inbox journey" });
    expect(full.headers).toEqual({});

    const other = await createWorkspaceCaller();
    expect((await other.caller.messages.list({})).items).toEqual([]);
    await expect(other.caller.messages.byId({ messageId: all[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
