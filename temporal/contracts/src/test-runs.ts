// Test runs (temporal/worker/src/test-run/): the web app starts `journeyTestRun` on the
// journeys queue of the real server; its one activity runs the production `journeyRun` on a
// time-skipping server inside the worker, with `journeyTestScript` delivering the scripted
// events at their virtual times, and returns the timeline.
import type { Plan } from "@mailstream/journey/plan";
import type { ScriptEvent } from "@mailstream/journey/test-script";
import type { TestRunTimeline } from "@mailstream/journey/test-timeline";

export const JOURNEY_TEST_WORKFLOW = "journeyTestRun";

/** A real contact of the workspace (copied) or one written for the test. */
export type TestRunContact = { contactId: string } | { email: string | null; traits: Record<string, unknown> };

export interface JourneyTestRunInput {
  testId: string;
  workspaceId: string;
  journeyId: string;
  journeyName: string;
  plan: Plan;
  contact: TestRunContact;
  /** Validated by the caller (packages/journey/src/test-script.ts): the first is entry at 0. */
  events: ScriptEvent[];
  /** "Send the path to me": deliver every email of the path, now, to this address (the tester's own). */
  deliverTo?: string | undefined;
}

export type JourneyTestRunResult = { ok: true; timeline: TestRunTimeline } | { ok: false; reason: string };

export function journeyTestWorkflowId(testId: string): string {
  return `journey-test:${testId}`;
}

/** `journeyTestScript`: signals each event to the run at `startedAt + atMs` (virtual time). */
export interface JourneyTestScriptInput {
  runWorkflowId: string;
  startedAt: number;
  /** The events after entry, in order. */
  events: ScriptEvent[];
}

export type { Plan, ScriptEvent, TestRunTimeline };
export type { TimelineEmail, TimelineEvent, TimelineStep, TimelineWebhook } from "@mailstream/journey/test-timeline";
