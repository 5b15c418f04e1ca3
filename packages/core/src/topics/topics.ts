// Subscription topic use cases: list, create, update, delete, and a contact's state per topic
// (the contact profile reads it). Name clashes and unknown ids come back as clear AppErrors.
import type { Db } from "@mailstream/db/client";
import { findContactProfileById } from "@mailstream/db/queries/contacts-read";
import {
  createTopic,
  deleteTopic,
  listContactSubscriptions,
  listTopics,
  TopicNameTakenError,
  updateTopic,
  type TopicInput,
} from "@mailstream/db/queries/subscription-topics";
import { TOPIC_DEFAULTS } from "@mailstream/db/schema";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";

export const ZTopicInputSchema = z.object({
  name: z.string().trim().min(1, "Give the topic a name").max(100, "Name must be at most 100 characters"),
  description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
  defaultMode: z.enum(TOPIC_DEFAULTS, { message: 'defaultMode must be "opt_in" or "opt_out"' }),
});

function rethrow(error: unknown): never {
  if (error instanceof TopicNameTakenError) throw new AppError(AppErrorCode.CONFLICT, error.message);
  throw error;
}

export const findTopics = listTopics;

export async function addTopic(db: Db, workspaceId: string, input: TopicInput, audit?: AuditContext | null) {
  return db
    .transaction(async (tx) => {
      const topic = await createTopic(tx, workspaceId, input);
      await recordAudit(tx, {
        context: audit,
        action: "topic.create",
        target: { type: "topic", id: topic.id, label: topic.name },
      });
      return topic;
    })
    .catch(rethrow);
}

export async function changeTopic(
  db: Db,
  workspaceId: string,
  topicId: string,
  input: TopicInput,
  audit?: AuditContext | null,
) {
  const topic = await db
    .transaction(async (tx) => {
      const updated = await updateTopic(tx, workspaceId, topicId, input);
      if (updated) {
        await recordAudit(tx, {
          context: audit,
          action: "topic.edit",
          target: { type: "topic", id: topicId, label: updated.name },
          changes: { fields: Object.keys(input), after: { ...input } },
        });
      }
      return updated;
    })
    .catch(rethrow);
  if (!topic) throw new AppError(AppErrorCode.NOT_FOUND, `Topic ${topicId} does not exist in this workspace.`);
  return topic;
}

export async function removeTopic(
  db: Db,
  workspaceId: string,
  topicId: string,
  audit?: AuditContext | null,
): Promise<{ deleted: true }> {
  await db.transaction(async (tx) => {
    if (!(await deleteTopic(tx, workspaceId, topicId))) {
      throw new AppError(AppErrorCode.NOT_FOUND, `Topic ${topicId} does not exist in this workspace.`);
    }
    await recordAudit(tx, { context: audit, action: "topic.delete", target: { type: "topic", id: topicId } });
  });
  return { deleted: true };
}

export async function findContactTopics(db: Db, workspaceId: string, contactId: string) {
  const contact = await findContactProfileById(db, workspaceId, contactId);
  if (!contact) throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${contactId} does not exist in this workspace.`);
  return listContactSubscriptions(db, workspaceId, contactId);
}
