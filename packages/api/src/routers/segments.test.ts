// The `segments` router over the real database with a workspace secret key: create (with a
// backfill of existing contacts), list with live counts, clear errors for bad definitions,
// duplicate names and cycles, update, members, size history, delete.
import { describe, expect, it } from "vitest";
import type { SegmentDefinition } from "@mailstream/journey/segment-definition";
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";

const trait = (path: string, value: string): SegmentDefinition => ({
  match: "all",
  groups: [{ match: "all", predicates: [{ type: "trait", path, op: "eq", value }] }],
});
const inSegment = (segmentId: string): SegmentDefinition => ({
  match: "all",
  groups: [{ match: "all", predicates: [{ type: "segment", segmentId, isMember: true }] }],
});

describe("segments router", () => {
  it("creates, lists with live counts, reads members and size history, updates and deletes", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const db = testDb();
    for (const [userId, plan] of [
      ["a", "pro"],
      ["b", "pro"],
      ["c", "free"],
    ] as const) {
      await upsertContactFromIdentify(db, {
        workspaceId: workspace.workspaceId,
        userId,
        traits: { plan },
        email: `${userId}@mailstream.test`,
        timezone: null,
      });
    }
    const pro = await caller.segments.create({ name: "Pro", definition: trait("plan", "pro") });
    expect(pro).toMatchObject({ name: "Pro", memberCount: 2, isTimeBased: false });
    expect(await caller.segments.list()).toEqual([
      expect.objectContaining({ id: pro.id, name: "Pro", memberCount: 2 }),
    ]);

    const members = await caller.segments.members({ segmentId: pro.id });
    expect(members.total).toBe(2);
    expect(members.members.map((m) => m.userId).sort()).toEqual(["a", "b"]);
    const history = await caller.segments.sizeHistory({ segmentId: pro.id });
    expect(history.map((point) => point.size)).toEqual([2, 2]); // the snapshot at creation, then the live count

    const free = await caller.segments.update({ segmentId: pro.id, name: "Free", definition: trait("plan", "free") });
    expect(free).toMatchObject({ name: "Free", memberCount: 1 });
    expect(await caller.segments.delete({ segmentId: pro.id })).toEqual({ deleted: true });
    expect(await caller.segments.list()).toEqual([]);
    await expect(caller.segments.get({ segmentId: pro.id })).rejects.toThrow(/does not exist/);
  });

  it("names the problem: empty rules, duplicate names, unknown references, cycles, dependants", async () => {
    const { caller } = await createWorkspaceCaller();
    await expect(caller.segments.create({ name: "Empty", definition: { match: "all", groups: [] } })).rejects.toThrow(
      "The segment definition is not valid: A segment needs at least one rule",
    );
    await expect(caller.segments.create({ name: "No trait", definition: trait("", "x") })).rejects.toThrow(
      "Group 1, rule 1: choose a trait name",
    );
    const a = await caller.segments.create({ name: "A", definition: trait("plan", "pro") });
    await expect(caller.segments.create({ name: "A", definition: trait("plan", "pro") })).rejects.toThrow(
      'A segment named "A" already exists',
    );
    await expect(
      caller.segments.create({ name: "Ghost", definition: inSegment("00000000-0000-4000-8000-000000000000") }),
    ).rejects.toThrow(/does not exist/);
    const b = await caller.segments.create({ name: "B", definition: inSegment(a.id) });
    await expect(caller.segments.update({ segmentId: a.id, definition: inSegment(b.id) })).rejects.toThrow(
      /that would be a cycle/,
    );
    await expect(caller.segments.delete({ segmentId: a.id })).rejects.toThrow('Segment "B" refers to this segment');
  });
});
