// The catalogue loop's pass against real Postgres: caps per workspace, the watermark (a second
// pass counts nothing twice), the personal-data rule, values shown only after 3 senders, and
// erasure taking a person's share out. Each test owns its workspace; other tests' events may
// be folded by the same passes, which is why every read is of this workspace only.
import { randomUUID } from "node:crypto";
import { eraseContact } from "@mailstream/db/queries/contact-erasure";
import { upsertContactFromIdentify } from "@mailstream/db/queries/contacts";
import { catalogueEntries, events } from "@mailstream/db/schema";
import { callerWithAuth, testDb } from "@mailstream/testing/test-caller";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CATALOGUE_LIMITS } from "./catalogue-rules";
import { refreshCatalogue } from "./refresh-catalogue";
import { suggestFromCatalogue } from "./suggest";

const db = testDb();

type NewEvent = { userId?: string; type?: "track" | "identify"; event?: string; properties?: object; traits?: object };

function eventRows(workspaceId: string, rows: NewEvent[]) {
  return rows.map((row) => ({
    workspaceId,
    messageId: randomUUID(),
    type: row.type ?? "track",
    userId: row.userId ?? `u-${randomUUID()}`,
    event: row.type === "identify" ? null : (row.event ?? "viewed"),
    properties: (row.properties ?? {}) as Record<string, unknown>,
    traits: (row.traits ?? {}) as Record<string, unknown>,
    timestamp: new Date(),
  }));
}

async function insertEvents(workspaceId: string, rows: NewEvent[]): Promise<void> {
  await db.insert(events).values(eventRows(workspaceId, rows));
}

/** Passes until the watermark has passed every event committed so far (other files' too). */
async function catchUp(): Promise<void> {
  const [top] = (await db.execute<{ seq: string }>(sql`select coalesce(max(seq), 0) as seq from events`)).rows;
  const target = Number(top?.seq ?? 0);
  for (let i = 0; i < 200; i++) {
    const pass = await refreshCatalogue(db, { batchSize: 2000 });
    if (pass.lastSeq >= target) return;
    // Nothing readable yet: an older transaction elsewhere is still open.
    if (pass.events === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the catalogue did not catch up");
}

async function countKind(workspaceId: string, kind: (typeof catalogueEntries.$inferSelect)["kind"]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, seen: sql<number>`coalesce(sum(seen_count), 0)::int` })
    .from(catalogueEntries)
    .where(and(eq(catalogueEntries.workspaceId, workspaceId), eq(catalogueEntries.kind, kind)));
  return row ?? { n: 0, seen: 0 };
}

describe("the catalogue pass", () => {
  it("keeps names, paths and values within their caps and counts each event once", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const manyProps = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, i]));
    // The most frequent names of a batch are admitted first: "colored" (25) and "wide" (2) get slots.
    await insertEvents(workspaceId, [
      ...Array.from({ length: 55 }, (_, i) => ({ event: `event_${String(i).padStart(2, "0")}` })),
      { event: "wide", properties: manyProps },
      { event: "wide", properties: manyProps },
      ...Array.from({ length: 25 }, (_, i) => ({ event: "colored", properties: { color: `c${i}` } })),
    ]);
    await catchUp();
    expect((await countKind(workspaceId, "event")).n).toBe(CATALOGUE_LIMITS.eventNames);
    const names = await suggestFromCatalogue(db, workspaceId, { kind: "event", text: "", limit: 2 });
    expect(names).toEqual(["colored", "wide"]);
    const widePaths = await suggestFromCatalogue(db, workspaceId, {
      kind: "event_path",
      event: "wide",
      text: "",
      limit: 20,
    });
    expect(widePaths).toHaveLength(20);
    expect((await countKind(workspaceId, "event_path")).n).toBe(CATALOGUE_LIMITS.pathsPerEvent + 1); // wide's 50 + color
    const [colors] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(catalogueEntries)
      .where(
        and(
          eq(catalogueEntries.workspaceId, workspaceId),
          eq(catalogueEntries.kind, "event_value"),
          eq(catalogueEntries.path, "properties.color"),
        ),
      );
    expect(colors?.n).toBe(CATALOGUE_LIMITS.valuesPerPath);

    const before = await countKind(workspaceId, "event");
    await catchUp(); // nothing new: the watermark keeps the batch from being counted again
    expect(await countKind(workspaceId, "event")).toEqual(before);
  });

  it("suggests names and paths at once, values only after 3 senders and never personal ones", async () => {
    const ws = await createWorkspaceWithKeys(db);
    const { workspaceId } = ws;
    const props = { plan: "Pro", email: "ada@example.test", note: "call +49 170 1234567", billing: { city: "Berlin" } };
    await insertEvents(workspaceId, [
      { userId: "ada", event: "signed_up", properties: props },
      { userId: "bob", event: "signed_up", properties: props },
      { userId: "ada", type: "identify", traits: { tier: "gold", firstName: "Ada" } },
    ]);
    await catchUp();
    const suggest = (input: Parameters<typeof suggestFromCatalogue>[2]) => suggestFromCatalogue(db, workspaceId, input);

    const caller = callerWithAuth(`Bearer ${ws.secretKey}`);
    expect(await caller.events.suggest({ kind: "event", text: "SIGN" })).toEqual(["signed_up"]);
    expect(await suggest({ kind: "event_path", event: "signed_up", text: "", limit: 10 })).toEqual(
      expect.arrayContaining(["properties.plan", "properties.email", "properties.note", "properties.billing.city"]),
    );
    expect(await suggest({ kind: "trait", text: "ti", limit: 10 })).toEqual(["tier"]);
    // Two senders so far: not enough to show a value.
    expect(
      await suggest({ kind: "event_value", event: "signed_up", path: "properties.plan", text: "", limit: 10 }),
    ).toEqual([]);

    await insertEvents(workspaceId, [{ userId: "cy", event: "signed_up", properties: props }]);
    await catchUp();
    expect(
      await suggest({ kind: "event_value", event: "signed_up", path: "properties.plan", text: "p", limit: 10 }),
    ).toEqual(["Pro"]);
    for (const path of ["properties.email", "properties.note", "properties.billing.city"]) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(catalogueEntries)
        .where(
          and(
            eq(catalogueEntries.workspaceId, workspaceId),
            eq(catalogueEntries.kind, "event_value"),
            eq(catalogueEntries.path, path),
          ),
        );
      expect(row?.n, path).toBe(0);
    }
    const traitValues = await db
      .select({ path: catalogueEntries.path })
      .from(catalogueEntries)
      .where(and(eq(catalogueEntries.workspaceId, workspaceId), eq(catalogueEntries.kind, "trait_value")));
    expect(traitValues).toEqual([{ path: "tier" }]);
  });

  it("forgets an erased contact's share: the value hides until another sender shows it", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const contacts = [];
    for (const userId of ["e1", "e2", "e3"]) {
      contacts.push(
        await upsertContactFromIdentify(db, { workspaceId, userId, traits: {}, email: null, timezone: null }),
      );
    }
    await insertEvents(
      workspaceId,
      ["e1", "e2", "e3"].map((userId) => ({ userId, event: "ordered", properties: { size: "XL" } })),
    );
    await catchUp();
    const values = () =>
      suggestFromCatalogue(db, workspaceId, {
        kind: "event_value",
        event: "ordered",
        path: "properties.size",
        text: "",
        limit: 10,
      });
    expect(await values()).toEqual(["XL"]);

    const erased = await eraseContact(db, {
      workspaceId,
      contactId: contacts[2]!.id,
      workflowsTerminated: 0,
      requestedByKeyId: null,
      source: "api",
    });
    expect(erased.deleted).toBe(true);
    expect(await values()).toEqual([]);
    await catchUp(); // a later pass does not bring the erased sender back
    expect(await values()).toEqual([]);

    await insertEvents(workspaceId, [{ userId: "e4", event: "ordered", properties: { size: "XL" } }]);
    await catchUp();
    expect(await values()).toEqual(["XL"]);
  });

  it("does not move its watermark past an event whose transaction is still open", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const names = () => suggestFromCatalogue(db, workspaceId, { kind: "event", text: "_event", limit: 10 });
    let release = () => {};
    let markInserted = () => {};
    const isInserted = new Promise<void>((resolve) => (markInserted = resolve));
    // An ingest still in flight: its seq is taken, its row not yet visible.
    const open = db.transaction(async (tx) => {
      await tx.insert(events).values(eventRows(workspaceId, [{ event: "slow_event" }]));
      markInserted();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isInserted;
    await insertEvents(workspaceId, [{ event: "fast_event" }]);
    for (let i = 0; i < 3; i++) await refreshCatalogue(db, { batchSize: 2000 });
    expect(await names()).toEqual([]);

    release();
    await open;
    await catchUp();
    expect((await names()).sort()).toEqual(["fast_event", "slow_event"]);
  });
});
