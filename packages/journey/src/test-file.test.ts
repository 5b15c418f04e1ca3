import { describe, expect, it } from "vitest";
import { checkTestCase, timelinePath, ZJourneyTestFileSchema } from "./test-file";
import type { TestRunTimeline } from "./test-timeline";

function step(seq: number, nodeId: string, offsetMs = 0) {
  return { seq, nodeId, kind: "k", outcome: "ok", detail: null, at: new Date(offsetMs).toISOString(), offsetMs };
}

function email(nodeId: string, subject: string, offsetMs: number) {
  const at = new Date(offsetMs).toISOString();
  return {
    nodeId,
    templateId: null,
    at,
    offsetMs,
    to: "a@x.test",
    from: "b@x.test",
    subject,
    html: "",
    text: "",
    headers: {},
  };
}

const timeline: TestRunTimeline = {
  status: "completed",
  reason: null,
  startedAt: new Date(0).toISOString(),
  steps: [step(1, "trigger"), step(2, "wait"), step(3, "wait", 7_200_000), step(4, "email", 7_200_000)],
  emails: [email("email", "Welcome, Ada", 7_200_000)],
  webhooks: [],
  events: [],
  elapsedMs: 10,
};

describe("journey test files", () => {
  it("reads a file with a JSON script and one written as lines, draft by default", () => {
    const file = ZJourneyTestFileSchema.parse({
      journey: "Welcome",
      cases: [
        { name: "json", script: { contact: { traits: {} }, events: [{ event: "signed_up", atMs: 0 }] }, expect: {} },
        { name: "lines", script: { contact: { email: "a@x.test", traits: {} }, lines: "signed_up now" }, expect: {} },
      ],
    });
    expect(file.source).toBe("draft");
    expect(file.cases).toHaveLength(2);
  });

  it("refuses unknown fields by name", () => {
    const result = ZJourneyTestFileSchema.safeParse({
      journey: "W",
      cases: [{ name: "x", script: {}, expect: { pat: [] } }],
    });
    expect(result.success).toBe(false);
  });

  it("collapses a step recorded twice in a row", () => {
    expect(timelinePath(timeline)).toEqual(["trigger", "wait", "email"]);
  });

  it("passes when the timeline does what the case expects", () => {
    const mismatches = checkTestCase(
      {
        status: "completed",
        path: ["trigger", "wait", "email"],
        visits: ["email"],
        skips: ["exit"],
        emails: [{ step: "email", subject: "Welcome, Ada", atMs: 7_200_000 }],
        webhooks: [],
      },
      timeline,
    );
    expect(mismatches).toEqual([]);
  });

  it("names each difference by field", () => {
    const mismatches = checkTestCase(
      {
        status: "exited",
        path: ["trigger", "email"],
        skips: ["wait"],
        emails: [{ step: "email", subject: "Hi" }, { step: "second" }],
        webhooks: [{ step: "hook" }],
      },
      timeline,
    );
    expect(mismatches.map((mismatch) => mismatch.where)).toEqual([
      "expect.status",
      "expect.path",
      "expect.skips[0]",
      "expect.emails[0].subject",
      "expect.emails[1]",
      "expect.webhooks[0]",
    ]);
    expect(mismatches[3]).toEqual({ where: "expect.emails[0].subject", expected: '"Hi"', actual: '"Welcome, Ada"' });
  });

  it("allows a send time within the case's tolerance, and names a send outside it", () => {
    const near = [{ step: "email", atMs: 7_199_000, toleranceMs: 1_000 }];
    expect(checkTestCase({ emails: near }, timeline)).toEqual([]);
    const far = [{ step: "email", atMs: 7_000_000, toleranceMs: 60_000 }];
    expect(checkTestCase({ emails: far }, timeline)).toEqual([
      { where: "expect.emails[0].atMs", expected: "7000000 ± 60000", actual: "7200000" },
    ]);
  });
});
