// The any-case operators on the segment path: traits stored as jsonb in Postgres, read back by
// the segment loader and evaluated, against the same cases the pure filter tests run
// (packages/journey/src/any-case-cases.ts), so both paths mean the same by "any case".
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { countSegmentMembers } from "@mailstream/db/queries/segments";
import { ANY_CASE_CASES } from "@mailstream/journey/any-case-cases";
import { testDb } from "@mailstream/testing/test-db";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { describe, expect, it } from "vitest";
import { createSegment } from "./segments";

describe("segments with any-case operators", () => {
  it("agree with the pure filter on every shared case", async () => {
    const db = testDb();
    const { workspaceId } = await createWorkspaceWithKeys(db);
    // One trait per case, each on its own contact: a segment on trait `case_i` sees only its contact.
    for (const [i, c] of ANY_CASE_CASES.entries()) {
      await upsertContactFromIdentify(db, {
        workspaceId,
        userId: `any-case-${i}`,
        traits: { [`case_${i}`]: c.actual },
        email: null,
        timezone: null,
      });
    }
    const outcomes = [];
    for (const [i, c] of ANY_CASE_CASES.entries()) {
      const segment = await createSegment(db, workspaceId, {
        name: `Case ${i}`,
        definition: {
          match: "all",
          groups: [{ match: "all", predicates: [{ type: "trait", path: `case_${i}`, op: c.op, value: c.value }] }],
        },
      });
      outcomes.push({ ...c, isMember: (await countSegmentMembers(db, segment.id)) === 1 });
    }
    expect(outcomes.filter((o) => o.isMember !== o.matches)).toEqual([]);
  });
});
