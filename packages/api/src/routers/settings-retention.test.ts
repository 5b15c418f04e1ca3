// Event retention through tRPC: kept forever by default, a number of days within bounds, bad
// input named (and nothing stored), every change audited with before and after.
import { TRPCError } from "@trpc/server";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, workspaces } from "@mailstream/db/schema";
import { createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";

async function storedRetention(workspaceId: string) {
  const [row] = await testDb()
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.settings.eventRetentionDays;
}

describe("settings.saveEventRetention", () => {
  it("keeps forever by default, saves days, refuses what is out of bounds and audits each change", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    expect((await caller.settings.get()).eventRetentionDays).toBeNull();

    for (const [days, message] of [
      [7, "Retention is at least 30 days"],
      [99_999, "Retention is at most 3650 days"],
      [45.5, "whole number of days"],
      [Number.NaN, "days"],
    ] as const) {
      const error = await caller.settings.saveEventRetention({ days }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toContain(message);
    }
    expect(await storedRetention(workspace.workspaceId)).toBeUndefined();

    expect((await caller.settings.saveEventRetention({ days: 400 })).eventRetentionDays).toBe(400);
    expect(await storedRetention(workspace.workspaceId)).toBe(400);
    await caller.settings.saveEventRetention({ days: 400 }); // no change: no audit row
    expect((await caller.settings.saveEventRetention({ days: null })).eventRetentionDays).toBeNull();

    const audited = await testDb()
      .select({ changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.workspaceId), eq(auditLog.action, "settings.change")))
      .orderBy(asc(auditLog.at));
    expect(audited.map((row) => row.changes)).toEqual([
      { fields: ["eventRetentionDays"], before: { eventRetentionDays: null }, after: { eventRetentionDays: 400 } },
      { fields: ["eventRetentionDays"], before: { eventRetentionDays: 400 }, after: { eventRetentionDays: null } },
    ]);
  });
});
