// Test data for metrics: runs, steps and sent messages written through the same queries the
// dispatcher and the Temporal activities use, so the aggregate is tested on real rows.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { insertJourneyRunOnce } from "@mailstream/db/queries/journeys-live";
import { insertMessageOnce, markMessageSent } from "@mailstream/db/queries/messages-send";
import { finishRun, recordRunStep } from "@mailstream/db/queries/runs";

export interface RunScript {
  workspaceId: string;
  journeyId: string;
  versionId: string;
  /** Nodes reached in order; `email-*` nodes also get a sent message. */
  nodes: string[];
  finish?: "completed" | "exited" | "failed";
  /**
   * Step outcome per node (a split's variant, a branch's outlet); default `entered`, emails
   * `sent`. An email node given another outcome (`skipped`, `suppressed`) records the step
   * with no message, as the workflow does when nothing is handed to the transport.
   */
  outcomes?: Record<string, string>;
  templateId?: string;
  /** Goal met at this instant (finishes the run `completed` with reason `goal`). */
  convertedAt?: Date;
  /** The contact's user id (default: a fresh one). */
  userId?: string;
}

export interface WrittenRun {
  runId: string;
  contactId: string;
  userId: string;
  /** Message id per email node. */
  messages: Record<string, string>;
}

export async function writeRun(db: Db, script: RunScript): Promise<string> {
  return (await writeRunDetailed(db, script)).runId;
}

/** Writes the run like the workflow does: email steps are recorded after the send, with its id. */
export async function writeRunDetailed(db: Db, script: RunScript): Promise<WrittenRun> {
  const userId = script.userId ?? `user-${randomUUID()}`;
  const messages: Record<string, string> = {};
  const contact = await ensureContact(db, {
    workspaceId: script.workspaceId,
    userId,
    email: `${userId}@example.test`,
    timezone: null,
  });
  const run = await insertJourneyRunOnce(db, {
    workspaceId: script.workspaceId,
    journeyId: script.journeyId,
    versionId: script.versionId,
    contactId: contact.id,
    workflowId: `journey:${script.journeyId}:${contact.id}:${randomUUID()}`,
    triggerEventId: randomUUID(),
  });
  for (const [seq, nodeId] of script.nodes.entries()) {
    const kind = nodeId.split("-")[0] ?? nodeId;
    const emailOutcome = kind === "email" ? (script.outcomes?.[nodeId] ?? "sent") : null;
    if (emailOutcome !== null && emailOutcome !== "sent") {
      await recordRunStep(db, { runId: run.id, journeyId: script.journeyId, seq, nodeId, kind, outcome: emailOutcome });
    } else if (kind !== "email") {
      const outcome = script.outcomes?.[nodeId] ?? "entered";
      await recordRunStep(db, { runId: run.id, journeyId: script.journeyId, seq, nodeId, kind, outcome });
    } else {
      const message = await insertMessageOnce(db, {
        workspaceId: script.workspaceId,
        contactId: contact.id,
        runId: run.id,
        journeyId: script.journeyId,
        nodeId,
        templateId: script.templateId ?? null,
        idempotencyKey: `${run.id}:${nodeId}`,
        toAddress: `${userId}@example.test`,
        fromAddress: "Mailstream Test <test@mailstream.test>",
        subject: `Subject for ${nodeId}`,
        html: "<p>hi</p>",
        text: "hi",
        transport: "outbox",
      });
      await markMessageSent(db, {
        messageId: message.id,
        workspaceId: script.workspaceId,
        providerMessageId: `outbox-${message.id}`,
      });
      messages[nodeId] = message.id;
      const detail = { templateId: script.templateId ?? null, messageId: message.id };
      await recordRunStep(db, {
        runId: run.id,
        journeyId: script.journeyId,
        seq,
        nodeId,
        kind,
        outcome: "sent",
        detail,
      });
    }
  }
  if (script.convertedAt) {
    await finishRun(db, { runId: run.id, status: "completed", reason: "goal", convertedAt: script.convertedAt });
  } else if (script.finish) await finishRun(db, { runId: run.id, status: script.finish });
  return { runId: run.id, contactId: contact.id, userId, messages };
}
