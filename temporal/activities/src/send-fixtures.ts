// Shared set-up of the sendEmail activity tests (send-email, send-step): a workspace, contact,
// template and a trigger → email → exit run, the activities over a recording transport, and the
// run's sendEmail input for its email node.
import type { Db } from "@mailstream/db/client";
import {
  createRecordingTransport,
  runActivity,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import type { Clock } from "./clock";
import { createActivities, type SendEmailInput } from "./index";

export interface SendSetUp {
  contact?: { email?: string | null; traits?: Record<string, unknown> };
  template?: { subject?: string; body?: string };
  /** The activities' "now" (default: the wall clock). */
  clock?: Clock;
  /** Set on the input: the activity records the email step itself (LEAN_SEND_PATCH). */
  stepSeq?: number;
}

export async function setUpSend(db: Db, { contact = {}, template = {}, clock, stepSeq }: SendSetUp = {}) {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId, email } = await createContactFixture(db, workspaceId, contact);
  const { templateId } = await createTemplateFixture(db, workspaceId, template);
  const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
  const run = await createRunFixture(db, { workspaceId, contactId, plan });
  const recording = createRecordingTransport();
  const activities = createActivities({
    db,
    transport: recording.transport,
    defaultFrom: TEST_DEFAULT_FROM,
    publicUrl: TEST_PUBLIC_URL,
    ...(clock ? { clock } : {}),
  });
  const input: SendEmailInput = {
    runId: run.runId,
    workspaceId,
    journeyId: run.journeyId,
    contactId,
    nodeId: "email-1",
    templateId,
    trigger: run.input.trigger,
    ...(stepSeq === undefined ? {} : { stepSeq }),
  };
  const send = (overrides: Partial<SendEmailInput> = {}) =>
    runActivity(activities.sendEmail, { ...input, ...overrides });
  return { workspaceId, email, templateId, runId: run.runId, input, sent: recording.sent, send };
}
