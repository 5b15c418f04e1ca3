// Contact search on the real database: a substring of userId, email or the `name` trait
// finds the contact, and the pg_trgm GIN indexes (migration computed_traits_event_schemas)
// can serve every arm of the search — the EXPLAIN below shows them.
import { randomUUID } from "node:crypto";
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "@mailstream/testing/test-db";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { listContacts } from "./contacts";

const db = testDb();

describe("contact search", () => {
  it("matches userId, email and the name trait, case-insensitively", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const tag = randomUUID().slice(0, 8);
    await upsertContactFromIdentify(db, {
      workspaceId,
      userId: `user-${tag}`,
      traits: { name: "Grace Hopper" },
      email: `gh-${tag}@example.test`,
      timezone: null,
    });
    await upsertContactFromIdentify(db, {
      workspaceId,
      userId: `other-${tag}`,
      traits: { name: "Alan Turing" },
      email: `at-${tag}@example.test`,
      timezone: null,
    });
    const ids = async (search: string) =>
      (await listContacts(db, workspaceId, { limit: 10, search })).data.map((c) => c.userId);
    expect(await ids("hopper")).toEqual([`user-${tag}`]);
    expect(await ids(`AT-${tag}`)).toEqual([`other-${tag}`]);
    expect(await ids(`user-${tag}`)).toEqual([`user-${tag}`]);
    expect(await ids("nobody-like-this")).toEqual([]);
  });

  it("can use the trigram indexes for each searched column", async () => {
    const plan = await db.transaction(async (tx) => {
      // Tiny test tables favour a sequential scan; forbid it to see which indexes qualify.
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute<{ "QUERY PLAN": string }>(sql`explain select id from contacts
        where user_id ilike '%hopper%' or email ilike '%hopper%' or (traits ->> 'name') ilike '%hopper%'`);
      return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
    // Expected shape: BitmapOr over three Bitmap Index Scans, one per contacts_*_trgm_idx.
    expect(plan).toContain("contacts_user_id_trgm_idx");
    expect(plan).toContain("contacts_email_trgm_idx");
    expect(plan).toContain("contacts_name_trgm_idx");
  });
});
