// Send-time optimization over tRPC and the real database: a broadcast saved with the best-time
// schedule reads back as such and schedules from now; a contact's best send time is readable
// (its history seeded), an unknown contact is NOT_FOUND, and a bad id is refused before any query.
import { describe, expect, it } from "vitest";
import { getTemporalClient } from "@mailstream/temporal-contracts/client";
import { createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { dailyAt, seedEngagements } from "@mailstream/testing/engagement-fixtures";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { testEnv } from "@mailstream/testing/test-env";
import { createTemplateFixture } from "@mailstream/testing/workflow-fixtures";

describe("send time over tRPC", () => {
  it("saves and schedules a best-time broadcast, and reads a contact's best send time", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const db = testDb();
    const { segmentId, contactIds } = await createSegmentAudienceFixture(db, workspace.workspaceId, [
      { timezone: "Asia/Tokyo" },
    ]);
    const contactId = contactIds[0] as string;
    const { templateId } = await createTemplateFixture(db, workspace.workspaceId, { subject: "Hi", body: "Hello." });

    const draft = await caller.broadcasts.create({
      name: "Best time",
      audience: { kind: "segment", segmentId },
      templateId,
      schedule: { kind: "best_time" },
    });
    expect((await caller.broadcasts.get({ broadcastId: draft.id })).schedule).toEqual({ kind: "best_time" });
    const before = Date.now();
    const scheduled = await caller.broadcasts.schedule({ broadcastId: draft.id });
    await getTemporalClient({ address: testEnv().temporalAddress, namespace: "default" })
      .workflow.getHandle(`broadcast:${draft.id}`)
      .terminate("test over");
    expect(scheduled.status).toBe("scheduled");
    expect(scheduled.schedule).toEqual({ kind: "best_time" });

    await seedEngagements(db, {
      workspaceId: workspace.workspaceId,
      contactId,
      engagements: dailyAt(before, 14, 3, "clicked"),
    });
    const best = await caller.contacts.bestSendTime({ contactId });
    expect(best).toMatchObject({ timeZone: "Asia/Tokyo", hour: 23, source: "contact", opens: 0, clicks: 3 });
    expect(best.histogram).toHaveLength(24);

    const unknown = await catchTRPCError(() =>
      caller.contacts.bestSendTime({ contactId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    const bad = await catchTRPCError(() => caller.contacts.bestSendTime({ contactId: "nope" }));
    expect([bad.code, bad.message]).toEqual(["BAD_REQUEST", expect.stringContaining("contactId must be a UUID")]);
  });
});
