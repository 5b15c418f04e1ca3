// Group commit against the real database: concurrent single events share statements, each
// caller learns its own outcome, dedupe holds inside a group, a bad row fails only its caller.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { findRecentEvents, type NewEvent } from "@mailstream/db/queries/events";
import { testEnv } from "@mailstream/testing/test-env";
import { describe, expect, it } from "vitest";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { commitEvent } from "./group-commit";

const { db } = createDb(testEnv().databaseUrl);

function row(workspaceId: string, messageId: string, properties: Record<string, unknown> = {}): NewEvent {
  return {
    workspaceId,
    messageId,
    type: "track",
    userId: "u",
    anonymousId: null,
    event: "e",
    properties,
    traits: {},
    context: {},
    timestamp: new Date(),
  };
}

describe("commitEvent", () => {
  it("commits 300 concurrent events, a repeated messageId once, and tells only its first caller it was new", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const results = await Promise.all([
      ...Array.from({ length: 300 }, (_, i) => commitEvent(db, row(workspaceId, `m-${i}`))),
      commitEvent(db, row(workspaceId, "m-7")),
    ]);
    expect(results.filter((r) => r.isDuplicate)).toEqual([{ messageId: "m-7", isDuplicate: true }]);
    expect((await findRecentEvents(db, workspaceId, { limit: 1000 })).length).toBe(300);
  });

  it("rejects exactly the caller whose row the database refuses", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    // Postgres refuses a NUL character in jsonb text: only that row's caller must fail.
    const outcomes = await Promise.allSettled([
      commitEvent(db, row(workspaceId, `ok-1-${randomUUID()}`)),
      commitEvent(db, row(workspaceId, "bad", { text: "a\u0000b" })),
      commitEvent(db, row(workspaceId, `ok-2-${randomUUID()}`)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await findRecentEvents(db, workspaceId, { limit: 10 })).length).toBe(2);
  });
});
