// A staggered A/B/n broadcast through the `broadcasts` router: the draft keeps its variants, test
// settings and goal, the estimate checks each variant's own template and subject, and bad tests
// are refused naming the field — weights that do not add up, fewer than 2 variants, a sample of 0%
// or 100%, an unknown fallback, a goal without its event or two goals, a local-time send, a
// sample too small for its variants — with nothing scheduled.
import { describe, expect, it } from "vitest";
import { createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { createTemplateFixture } from "@mailstream/testing/workflow-fixtures";

async function setUp(audience = 3) {
  const { workspace, caller } = await createWorkspaceCaller();
  const db = testDb();
  const { segmentId } = await createSegmentAudienceFixture(
    db,
    workspace.workspaceId,
    Array.from({ length: audience }, () => ({})),
  );
  const { templateId } = await createTemplateFixture(db, workspace.workspaceId, {
    subject: "News",
    body: "Hi {{ contact.first_name }}.",
  });
  const { templateId: otherTemplateId } = await createTemplateFixture(db, workspace.workspaceId, {
    subject: "Other news",
    body: "Hello.",
  });
  return { caller, segmentId, templateId, otherTemplateId };
}

const twoVariants = [
  { subject: "Launch day", weight: 50 },
  { subject: "It is here", senderName: "Ada at Mailstream", weight: 50 },
];

describe("broadcasts router: staggered A/B", () => {
  it("keeps a draft's variants and test settings", async () => {
    const { caller, segmentId, templateId, otherTemplateId } = await setUp();
    const draft = await caller.broadcasts.create({
      name: "Launch",
      audience: { kind: "segment", segmentId },
      templateId,
      abTest: {
        variants: [
          { subject: "Launch day", weight: 50 },
          { templateId: otherTemplateId, senderName: "Ada at Mailstream", weight: 50 },
        ],
        samplePercent: 10,
        metric: "click_rate",
        durationMinutes: 240,
        fallback: "B",
      },
    });
    expect(draft.abTest).toMatchObject({
      variants: [
        { templateId, subject: "Launch day", senderName: null, weight: 50 },
        { templateId: otherTemplateId, subject: null, senderName: "Ada at Mailstream", weight: 50 },
      ],
      samplePercent: 10,
      metric: "click_rate",
      durationMinutes: 240,
      fallback: "B",
      confidence: 0.95,
    });
    expect(draft.variants.map((v) => v.key)).toEqual(["A", "B"]);
    expect(draft.goalEvent).toBeNull();
    // Back to one template: the variants go.
    const plain = await caller.broadcasts.update({ broadcastId: draft.id, name: "Launch", templateId, abTest: null });
    expect(plain).toMatchObject({ abTest: null, variants: [{ key: "A", weight: 100 }] });
  });

  it("keeps one goal: the broadcast's, or the one the test judges on", async () => {
    const { caller, segmentId, templateId } = await setUp();
    const base = { name: "Goal", audience: { kind: "segment" as const, segmentId }, templateId };
    const judgedOnSignUps = {
      variants: twoVariants,
      samplePercent: 10,
      durationMinutes: 60,
      metric: "goal_conversion" as const,
      goalEvent: "signed_up",
    };
    const plain = await caller.broadcasts.create({ ...base, goalEvent: "  purchased " });
    expect(plain.goalEvent).toBe("purchased");
    const judged = await caller.broadcasts.create({
      ...base,
      abTest: judgedOnSignUps,
    });
    expect(judged).toMatchObject({ goalEvent: "signed_up", abTest: { goalEvent: "signed_up" } });
    const cleared = await caller.broadcasts.update({ broadcastId: plain.id, ...base, goalEvent: "" });
    expect(cleared.goalEvent).toBeNull();
    const twoGoals = await catchTRPCError(() =>
      caller.broadcasts.create({
        ...base,
        goalEvent: "purchased",
        abTest: judgedOnSignUps,
      }),
    );
    expect(`${twoGoals.code} ${twoGoals.message}`).toBe(
      'BAD_REQUEST The test judges on "signed_up" but the broadcast\'s goal is "purchased"; a broadcast has one goal event.',
    );
  });

  it("estimates each variant against its own template and subject", async () => {
    const { caller, segmentId, templateId, otherTemplateId } = await setUp(3);
    const audience = { kind: "segment" as const, segmentId };
    // The 3 contacts have a first name (the base template's only value) but no nickname and no
    // plan: a variant fails on what its own subject or template prints, and on nothing else.
    const estimate = await caller.broadcasts.estimate({
      audience,
      templateId,
      variants: [
        { subject: "Hi {{ contact.nickname }}" },
        { templateId: otherTemplateId },
        { templateId: otherTemplateId, subject: "For {{ contact.plan }}" },
      ],
    });
    expect(estimate.variants.map((v) => [v.key, v.templateId, v.count])).toEqual([
      ["A", templateId, 3],
      ["B", otherTemplateId, 0],
      ["C", otherTemplateId, 3],
    ]);
    expect(estimate.missingVariables).toMatchObject({ count: 3, isExact: true });
    expect(estimate.warnings).toEqual([
      expect.stringMatching(
        /^Variant A: 3 contact\(s\) lack a value its template requires and would be skipped \(.*nickname/,
      ),
      expect.stringMatching(
        /^Variant C: 3 contact\(s\) lack a value its template requires and would be skipped \(.*plan/,
      ),
    ]);
    const unknown = await catchTRPCError(() =>
      caller.broadcasts.estimate({ audience, templateId, variants: [{}, { templateId: crypto.randomUUID() }] }),
    );
    // An AppError's issues name their field as a dotted string.
    const issues = (unknown.cause as { issues?: { path: string }[] } | undefined)?.issues ?? [];
    expect(`${unknown.code} ${issues.map((issue) => issue.path).join()} | ${unknown.message}`).toMatch(
      /^BAD_REQUEST variants\.1\.templateId \| Template .* does not exist in this workspace\.$/,
    );
  });

  it("refuses a bad test naming the field, before anything is stored or sent", async () => {
    const { caller, segmentId, templateId } = await setUp(3);
    const base = { name: "Test", audience: { kind: "segment" as const, segmentId }, templateId };
    const test = { variants: twoVariants, samplePercent: 10, durationMinutes: 60 };
    /** "<field> | <message>": the field each issue names, and the message a person reads. */
    const refusal = async (abTest: Record<string, unknown>) => {
      const error = await catchTRPCError(() =>
        caller.broadcasts.create({ ...base, abTest: { ...test, ...abTest } } as never),
      );
      const issues = (error.cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues ?? [];
      return `${error.code} ${issues.map((issue) => issue.path.join(".")).join(",")} | ${error.message}`;
    };
    expect(await refusal({ variants: [{ weight: 60 }, { weight: 30 }] })).toMatch(
      "BAD_REQUEST abTest.variants | the variants' weights add up to 90, not 100",
    );
    expect(await refusal({ variants: [{ weight: 100 }] })).toMatch(
      /^BAD_REQUEST abTest\.variants \|.*at least 2 variants/,
    );
    expect(await refusal({ samplePercent: 0 })).toMatch(/abTest\.samplePercent \|.*more than 0%/);
    expect(await refusal({ samplePercent: 100 })).toMatch(/abTest\.samplePercent \|.*less than 100%/);
    expect(await refusal({ fallback: "C" })).toMatch(
      /abTest\.fallback \|.*"C" is not a variant; choose A, B or "stop"/,
    );
    expect(await refusal({ metric: "goal_conversion" })).toMatch(/abTest\.goalEvent \|.*needs the goal event/);
    expect(await refusal({ durationMinutes: 0 })).toMatch(/abTest\.durationMinutes \|.*at least 1 minute/);
    expect(await refusal({ variants: [{ weight: 50, senderName: "Eve <eve@x.test>" }, { weight: 50 }] })).toMatch(
      /abTest\.variants\.0\.senderName \|.*sender name may not contain/,
    );

    expect(await refusal({ variants: [{ weight: 50, subject: "Hi\r\nBcc: x@y.test" }, { weight: 50 }] })).toMatch(
      /abTest\.variants\.0\.subject \|.*may not contain line breaks/,
    );

    // Stored, then refused at send time: a local-time send, and 10% of 3 contacts (1) for 2 variants.
    const local = await caller.broadcasts.create({
      ...base,
      schedule: { kind: "local_time", localTime: "2099-01-01T09:00" },
      abTest: test,
    });
    expect((await catchTRPCError(() => caller.broadcasts.schedule({ broadcastId: local.id }))).message).toContain(
      "A staggered test needs one send instant",
    );
    const small = await caller.broadcasts.create({ ...base, abTest: test });
    expect((await catchTRPCError(() => caller.broadcasts.schedule({ broadcastId: small.id }))).message).toBe(
      "10% of 3 contacts is 1, fewer than the 2 variants; raise the sample.",
    );
    for (const broadcast of await caller.broadcasts.list()) expect(broadcast.status).toBe("draft");
  });
});
