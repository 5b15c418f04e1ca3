// What a test run answers: the timeline a real run of the journey would take for the scripted
// contact. Steps are `run_steps` rows as the workflow recorded them (so run-path.ts draws the
// path), at the run's virtual time; emails and webhook calls are what the recorders received
// in place of the transport and the network.
import type { RecordedStep } from "./run-path";

export interface TimelineStep extends RecordedStep {
  /** ISO instant in the run's virtual time. */
  at: string;
  /** Milliseconds after entry. */
  offsetMs: number;
}

export interface TimelineEmail {
  nodeId: string;
  /** The real template the step sends. */
  templateId: string | null;
  at: string;
  offsetMs: number;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export interface TimelineWebhook {
  nodeId: string;
  at: string;
  offsetMs: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** A scripted event as it was delivered to the run. */
export interface TimelineEvent {
  event: string;
  at: string;
  offsetMs: number;
  properties: Record<string, unknown>;
}

export interface TestRunTimeline {
  status: "completed" | "exited" | "failed" | "timed_out";
  reason: string | null;
  /** Virtual instant of entry. */
  startedAt: string;
  steps: TimelineStep[];
  emails: TimelineEmail[];
  webhooks: TimelineWebhook[];
  events: TimelineEvent[];
  /** Where the path's emails were delivered ("Send the path to me"), and how many; absent otherwise. */
  delivered?: { to: string; count: number };
  /** Real milliseconds the run took (time skipped). */
  elapsedMs: number;
}
