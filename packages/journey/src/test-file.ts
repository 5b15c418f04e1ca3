// A journey test file: scripted contacts with what a run of the journey must do for each —
// the path it takes, the emails and webhook calls it makes, how it ends. One format serves the
// gallery's shipped tests, `mailstream test` in CI, and anyone writing tests by hand; the
// server runs each case as a test run (test-script.ts → test-timeline.ts) and
// `checkTestCase` compares the timeline with the expectations. Pure: no I/O here.
import { z } from "zod";
import { ZTestScriptSchema } from "./test-script";
import type { TestRunTimeline } from "./test-timeline";

export const MAX_TEST_CASES = 50;

const ZStepId = z.string().trim().min(1).max(200);

const ZExpectedEmail = z
  .object({
    /** The email step's id. */
    step: ZStepId,
    /** Exact subject as rendered for the case's contact. */
    subject: z.string().max(998).optional(),
    /** Milliseconds after entry, exactly (virtual time) unless `toleranceMs` allows a margin. */
    atMs: z.number().int().min(0).optional(),
    /**
     * How far the send may be from `atMs`, either way. Virtual time also advances by the real
     * milliseconds each activity takes, so a send after a wait lands a little after its mark.
     */
    toleranceMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();

const ZExpectedWebhook = z
  .object({
    step: ZStepId,
    url: z.string().max(2_048).optional(),
  })
  .strict();

/** Every field is optional: a case checks only what it names. */
export const ZTestExpectationSchema = z
  .object({
    status: z.enum(["completed", "exited", "failed", "timed_out"]).optional(),
    /** The step ids the run went through, in order (a step recorded twice in a row counts once). */
    path: z.array(ZStepId).max(500).optional(),
    /** Steps that must be on the path, in any order. */
    visits: z.array(ZStepId).max(500).optional(),
    /** Steps that must not be on the path. */
    skips: z.array(ZStepId).max(500).optional(),
    /** Exactly these emails, in order. */
    emails: z.array(ZExpectedEmail).max(500).optional(),
    /** Exactly these webhook calls, in order. */
    webhooks: z.array(ZExpectedWebhook).max(500).optional(),
  })
  .strict();
export type TestExpectation = z.infer<typeof ZTestExpectationSchema>;

export const ZTestCaseSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The script as JSON (`ZTestScriptSchema`) or as lines of text (`parseScriptLines`) with the contact beside it. */
    script: z.union([
      ZTestScriptSchema,
      z
        .object({
          contact: ZTestScriptSchema.shape.contact,
          lines: z.string().min(1).max(20_000),
        })
        .strict(),
    ]),
    expect: ZTestExpectationSchema,
  })
  .strict();
export type TestCase = z.infer<typeof ZTestCaseSchema>;

export const ZJourneyTestFileSchema = z
  .object({
    /** Editor completion only (the published JSON Schema's URL or path); never read. */
    $schema: z.string().max(2_048).optional(),
    /** The journey's name in the workspace (the file set is portable across workspaces). */
    journey: z.string().trim().min(1).max(200),
    /** Which version to run: the draft (default, what `push` saves) or the live one. */
    source: z.enum(["draft", "live"]).default("draft"),
    cases: z.array(ZTestCaseSchema).min(1).max(MAX_TEST_CASES),
  })
  .strict();
export type JourneyTestFile = z.infer<typeof ZJourneyTestFileSchema>;
export type JourneyTestFileInput = z.input<typeof ZJourneyTestFileSchema>;

/** One way a timeline differs from what its case expected, named by field (`expect.emails[1].subject`). */
export interface TestMismatch {
  where: string;
  expected: string;
  actual: string;
}

/** The step ids of a timeline in order, a step recorded twice in a row counted once. */
export function timelinePath(timeline: Pick<TestRunTimeline, "steps">): string[] {
  const path: string[] = [];
  for (const step of timeline.steps) if (path[path.length - 1] !== step.nodeId) path.push(step.nodeId);
  return path;
}

const show = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value));

/** Every difference between a test run's timeline and the case's expectations; empty when it passes. */
export function checkTestCase(expect: TestExpectation, timeline: TestRunTimeline): TestMismatch[] {
  const mismatches: TestMismatch[] = [];
  const path = timelinePath(timeline);
  if (expect.status !== undefined && expect.status !== timeline.status)
    mismatches.push({ where: "expect.status", expected: expect.status, actual: timeline.status });
  if (expect.path !== undefined && expect.path.join(" → ") !== path.join(" → "))
    mismatches.push({ where: "expect.path", expected: expect.path.join(" → "), actual: path.join(" → ") });
  expect.visits?.forEach((step, index) => {
    if (!path.includes(step))
      mismatches.push({ where: `expect.visits[${index}]`, expected: `${step} on the path`, actual: path.join(" → ") });
  });
  expect.skips?.forEach((step, index) => {
    if (path.includes(step))
      mismatches.push({
        where: `expect.skips[${index}]`,
        expected: `${step} not on the path`,
        actual: path.join(" → "),
      });
  });
  if (expect.emails !== undefined) {
    const count = Math.max(expect.emails.length, timeline.emails.length);
    for (let index = 0; index < count; index += 1) {
      const wanted = expect.emails[index];
      const got = timeline.emails[index];
      const where = `expect.emails[${index}]`;
      if (!wanted || !got || wanted.step !== got.nodeId) {
        mismatches.push({ where, expected: show(wanted?.step), actual: show(got?.nodeId) });
        continue;
      }
      if (wanted.subject !== undefined && wanted.subject !== got.subject)
        mismatches.push({ where: `${where}.subject`, expected: show(wanted.subject), actual: show(got.subject) });
      if (wanted.atMs !== undefined && Math.abs(wanted.atMs - got.offsetMs) > (wanted.toleranceMs ?? 0))
        mismatches.push({
          where: `${where}.atMs`,
          expected: wanted.toleranceMs ? `${wanted.atMs} ± ${wanted.toleranceMs}` : String(wanted.atMs),
          actual: String(got.offsetMs),
        });
    }
  }
  if (expect.webhooks !== undefined) {
    const count = Math.max(expect.webhooks.length, timeline.webhooks.length);
    for (let index = 0; index < count; index += 1) {
      const wanted = expect.webhooks[index];
      const got = timeline.webhooks[index];
      const where = `expect.webhooks[${index}]`;
      if (!wanted || !got || wanted.step !== got.nodeId) {
        mismatches.push({ where, expected: show(wanted?.step), actual: show(got?.nodeId) });
        continue;
      }
      if (wanted.url !== undefined && wanted.url !== got.url)
        mismatches.push({ where: `${where}.url`, expected: show(wanted.url), actual: show(got.url) });
    }
  }
  return mismatches;
}
