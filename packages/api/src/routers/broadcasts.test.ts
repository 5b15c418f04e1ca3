// The `broadcasts` router over the real database: a draft from creation to cancel (estimate,
// update, schedule, pause, resume, cancel — each audited), bad input refused naming the
// problem, and who may do what (an analyst reads, a marketer sends).
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@mailstream/db/schema";
import { getTemporalClient } from "@mailstream/temporal-contracts/client";
import { createMemberSession } from "@mailstream/testing/auth-fixtures";
import { createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { callerWithCookie, catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { testEnv } from "@mailstream/testing/test-env";
import { createTemplateFixture } from "@mailstream/testing/workflow-fixtures";

const HOUR_MS = 3_600_000;

async function setUp() {
  const { workspace, caller } = await createWorkspaceCaller();
  const db = testDb();
  const { segmentId } = await createSegmentAudienceFixture(db, workspace.workspaceId, [
    { traits: { first_name: "Ada" } },
    { traits: { first_name: "Grace" } },
    { traits: {} },
  ]);
  const { templateId } = await createTemplateFixture(db, workspace.workspaceId, {
    subject: "News for {{ contact.first_name }}",
    body: "Hi {{ contact.first_name }}.",
  });
  return { workspace, caller, db, segmentId, templateId };
}

/** Nobody polls the default queue in tests: end the started workflow so it does not linger. */
async function terminate(workflowId: string): Promise<void> {
  const client = getTemporalClient({ address: testEnv().temporalAddress, namespace: "default" });
  await client.workflow.getHandle(workflowId).terminate("test over");
}

describe("broadcasts router", () => {
  it("estimates, schedules, pauses, resumes and cancels a broadcast, auditing each step", async () => {
    const { workspace, caller, db, segmentId, templateId } = await setUp();
    const draft = await caller.broadcasts.create({ name: "Launch", audience: { kind: "segment", segmentId } });
    expect(draft).toMatchObject({ status: "draft", templateId: null, schedule: { kind: "now" } });

    const estimate = await caller.broadcasts.estimate({ audience: { kind: "segment", segmentId }, templateId });
    expect(estimate).toMatchObject({ audienceSize: 3, withoutEmail: 0 });
    expect(estimate.missingVariables).toMatchObject({ count: 1, isExact: true });
    expect(estimate.variants).toMatchObject([{ key: "A", templateId, count: 1 }]);
    expect(estimate.warnings.join(" ")).toContain("1 contact(s) lack a value the template requires");

    const sendAt = new Date(Date.now() + 2 * HOUR_MS).toISOString();
    const updated = await caller.broadcasts.update({
      broadcastId: draft.id,
      name: "Launch day",
      audience: { kind: "segment", segmentId },
      templateId,
      schedule: { kind: "at", sendAt },
      throttlePerHour: 5000,
      domainLimits: { "Gmail.com": 1000 },
    });
    expect(updated).toMatchObject({
      name: "Launch day",
      templateId,
      throttlePerHour: 5000,
      domainLimits: { "gmail.com": 1000 },
    });

    const scheduled = await caller.broadcasts.schedule({ broadcastId: draft.id });
    expect(scheduled.status).toBe("scheduled");
    const workflowId = `broadcast:${draft.id}`;
    try {
      expect((await catchTRPCError(() => caller.broadcasts.schedule({ broadcastId: draft.id }))).message).toContain(
        "already scheduled",
      );
      const editing = await catchTRPCError(() =>
        caller.broadcasts.update({ broadcastId: draft.id, name: "Late edit", audience: null }),
      );
      expect(editing.message).toContain("only a draft can be edited");
      expect((await caller.broadcasts.pause({ broadcastId: draft.id })).status).toBe("paused");
      expect((await caller.broadcasts.resume({ broadcastId: draft.id })).status).toBe("sending");
      expect((await caller.broadcasts.cancel({ broadcastId: draft.id })).status).toBe("cancelled");
      expect((await catchTRPCError(() => caller.broadcasts.resume({ broadcastId: draft.id }))).code).toBe(
        "PRECONDITION_FAILED",
      );
    } finally {
      await terminate(workflowId);
    }

    const progress = await caller.broadcasts.progress({ broadcastId: draft.id });
    expect(progress).toMatchObject({ status: "cancelled", sent: 0, remaining: 0, etaMs: null });
    expect(await caller.broadcasts.exportCsv({ broadcastId: draft.id })).toBe(
      "contact_id,email,state,reason,message_status,handled_at,variant,phase,converted_at\n",
    );
    expect((await caller.broadcasts.list()).map((b) => b.id)).toEqual([draft.id]);
    const actions = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.workspaceId), like(auditLog.action, "broadcast.%")));
    expect(actions.map((row) => row.action).sort()).toEqual(
      [
        "broadcast.cancel",
        "broadcast.create",
        "broadcast.edit",
        "broadcast.pause",
        "broadcast.resume",
        "broadcast.schedule",
      ].sort(),
    );
  });

  it("refuses bad input naming the problem, before anything is sent", async () => {
    const { workspace, caller, db, segmentId, templateId } = await setUp();
    const refusal = async (call: () => Promise<unknown>) => {
      const error = await catchTRPCError(call);
      return `${error.code}: ${error.message}`;
    };
    expect(await refusal(() => caller.broadcasts.create({ name: "  " }))).toContain("Give the broadcast a name");
    expect(
      await refusal(() =>
        caller.broadcasts.create({ name: "X", audience: { kind: "segment", segmentId: crypto.randomUUID() } }),
      ),
    ).toMatch(/BAD_REQUEST: Segment .* does not exist/);
    expect(await refusal(() => caller.broadcasts.create({ name: "X", throttlePerHour: 5 }))).toContain(
      "throttlePerHour must be at least 100",
    );
    expect(
      await refusal(() => caller.broadcasts.create({ name: "X", domainLimits: { "not a domain": 10 } })),
    ).toContain("needs a domain such as gmail.com");
    expect(
      await refusal(() =>
        caller.broadcasts.create({ name: "X", schedule: { kind: "local_time", localTime: "2026-02-30T09:00" } }),
      ),
    ).toContain("not a real date");

    // Stored as a draft, refused at send time: a past time, an empty segment, no template.
    const past = await caller.broadcasts.create({
      name: "Past",
      audience: { kind: "segment", segmentId },
      templateId,
      schedule: { kind: "at", sendAt: new Date(Date.now() - 2 * HOUR_MS).toISOString() },
    });
    expect(await refusal(() => caller.broadcasts.schedule({ broadcastId: past.id }))).toMatch(
      /BAD_REQUEST: The send time .* is in the past/,
    );
    const oldLocal = await caller.broadcasts.create({
      name: "Old local",
      audience: { kind: "segment", segmentId },
      templateId,
      schedule: { kind: "local_time", localTime: "2020-01-01T09:00" },
    });
    expect(await refusal(() => caller.broadcasts.schedule({ broadcastId: oldLocal.id }))).toContain(
      "has already passed in every time zone",
    );
    const { segmentId: emptySegment } = await createSegmentAudienceFixture(db, workspace.workspaceId, []);
    const empty = await caller.broadcasts.create({
      name: "Empty",
      audience: { kind: "segment", segmentId: emptySegment },
      templateId,
    });
    expect(await refusal(() => caller.broadcasts.schedule({ broadcastId: empty.id }))).toContain(
      "The audience is empty",
    );
    const noTemplate = await caller.broadcasts.create({
      name: "No template",
      audience: { kind: "segment", segmentId },
    });
    expect(await refusal(() => caller.broadcasts.schedule({ broadcastId: noTemplate.id }))).toContain(
      "Choose the template to send",
    );
    // Before anything is drafted, the estimate names an unknown segment and warns of an empty one.
    expect(
      await refusal(() =>
        caller.broadcasts.estimate({ audience: { kind: "segment", segmentId: crypto.randomUUID() }, templateId }),
      ),
    ).toMatch(/BAD_REQUEST: Segment .* does not exist in this workspace/);
    const emptyEstimate = await caller.broadcasts.estimate({
      audience: { kind: "segment", segmentId: emptySegment },
      templateId,
    });
    expect(emptyEstimate).toMatchObject({ audienceSize: 0 });
    expect(emptyEstimate.warnings).toContain("The audience is empty: nobody would get this broadcast.");
    const other = await createWorkspaceCaller();
    expect(await refusal(() => other.caller.broadcasts.get({ broadcastId: past.id }))).toMatch(/NOT_FOUND/);
    for (const broadcast of await caller.broadcasts.list()) expect(broadcast.status).toBe("draft");
  });

  it("estimates from a sample how many of a large audience lack a required value", async () => {
    const { workspace, caller, db, templateId } = await setUp();
    // 2,500 contacts, every other one without a first name: more than the 2,000 the check samples.
    const people = Array.from({ length: 2_500 }, (_, i) => ({ traits: i % 2 ? {} : { first_name: "Ada" } }));
    const { segmentId } = await createSegmentAudienceFixture(db, workspace.workspaceId, people);
    const estimate = await caller.broadcasts.estimate({ audience: { kind: "segment", segmentId }, templateId });
    expect(estimate.audienceSize).toBe(2_500);
    expect(estimate.missingVariables).toMatchObject({ sampled: 2_000, isExact: false });
    // About half, scaled from the sample (its spread is a dozen or so; the bounds are far wider).
    expect(estimate.missingVariables.count).toBeGreaterThan(1_000);
    expect(estimate.missingVariables.count).toBeLessThan(1_500);
    expect(estimate.warnings).toContainEqual(
      expect.stringMatching(/^About 1[0-9]{3} contact\(s\) lack a value the template requires and will be skipped/),
    );
  });

  it("lets an analyst read broadcasts but not create or send them", async () => {
    const { workspace, caller, segmentId, templateId } = await setUp();
    const draft = await caller.broadcasts.create({
      name: "Read me",
      audience: { kind: "segment", segmentId },
      templateId,
    });
    const analyst = callerWithCookie((await createMemberSession(testDb(), workspace.workspaceId, "analyst")).cookie);
    expect((await analyst.broadcasts.get({ broadcastId: draft.id })).name).toBe("Read me");
    expect((await catchTRPCError(() => analyst.broadcasts.create({ name: "No" }))).code).toBe("FORBIDDEN");
    expect((await catchTRPCError(() => analyst.broadcasts.schedule({ broadcastId: draft.id }))).code).toBe("FORBIDDEN");
    expect((await catchTRPCError(() => analyst.broadcasts.exportCsv({ broadcastId: draft.id }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
