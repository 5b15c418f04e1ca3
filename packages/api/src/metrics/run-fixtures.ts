// Test data for metrics: runs, steps and sent messages written through the same queries the
// dispatcher and the Temporal activities use, so the aggregate is tested on real rows.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { ensureContact } from "@mailstream/db/queries/contacts";
import { insertJourneyRunOnce } from "@mailstream/db/queries/journeys-live";
import { insertMessageOnce, markMessageSent } from "@mailstream/db/queries/messages-write";
import { finishRun, recordRunStep } from "@mailstream/db/queries/runs";

export interface RunScript {
  workspaceId: string;
  journeyId: string;
  versionId: string;
  /** Nodes reached in order; `email-*` nodes also get a sent message. */
  nodes: string[];
  finish?: "completed" | "exited" | "failed";
}

export async function writeRun(db: Db, script: RunScript): Promise<string> {
  const userId = `user-${randomUUID()}`;
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
    await recordRunStep(db, { runId: run.id, journeyId: script.journeyId, seq, nodeId, kind, outcome: "entered" });
    if (kind === "email") {
      const message = await insertMessageOnce(db, {
        workspaceId: script.workspaceId,
        contactId: contact.id,
        runId: run.id,
        journeyId: script.journeyId,
        nodeId,
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
    }
  }
  if (script.finish) await finishRun(db, { runId: run.id, status: script.finish });
  return run.id;
}
