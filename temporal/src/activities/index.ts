// The activity factory: the worker injects the database and the email transport; tests
// inject the same real pieces (a recording transport at most). Workflows import only the
// `Activities` type from here.
import type { Db } from "@mailstream/db/client";
import type { EmailTransport } from "@mailstream/emails/transports";
import { createRunActivities } from "./run-steps";
import { createSendEmailActivity } from "./send-email";

export type { FinishRunInput, FinishedRunStatus, RecordStepInput, RecordStepResult } from "./run-steps";
export { PERMANENT_SEND_ERROR, type SendEmailInput, type SendEmailResult } from "./send-email";

export interface ActivityDeps {
  db: Db;
  transport: EmailTransport;
  /** Used when a template has no from address of its own. */
  defaultFrom: string;
  /** The web app's public base URL (Message-ID domain now; tracking links later). */
  publicUrl: string;
}

export function createActivities(deps: ActivityDeps) {
  const { recordStep, finishRun } = createRunActivities(deps.db);
  return { recordStep, finishRun, sendEmail: createSendEmailActivity(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
