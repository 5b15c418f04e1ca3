// Subscription topic use cases: list, create, update, delete, and a contact's state per topic
// (the contact profile reads it). Name clashes and unknown ids come back as clear tRPC errors.
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
import { TRPCError } from "@trpc/server";

function rethrow(error: unknown): never {
  if (error instanceof TopicNameTakenError) throw new TRPCError({ code: "CONFLICT", message: error.message });
  throw error;
}

export const findTopics = listTopics;

export async function addTopic(db: Db, workspaceId: string, input: TopicInput) {
  return createTopic(db, workspaceId, input).catch(rethrow);
}

export async function changeTopic(db: Db, workspaceId: string, topicId: string, input: TopicInput) {
  const topic = await updateTopic(db, workspaceId, topicId, input).catch(rethrow);
  if (!topic) throw new TRPCError({ code: "NOT_FOUND", message: `Topic ${topicId} does not exist in this workspace.` });
  return topic;
}

export async function removeTopic(db: Db, workspaceId: string, topicId: string): Promise<{ deleted: true }> {
  if (!(await deleteTopic(db, workspaceId, topicId))) {
    throw new TRPCError({ code: "NOT_FOUND", message: `Topic ${topicId} does not exist in this workspace.` });
  }
  return { deleted: true };
}

export async function findContactTopics(db: Db, workspaceId: string, contactId: string) {
  const contact = await findContactProfileById(db, workspaceId, contactId);
  if (!contact) throw new TRPCError({ code: "NOT_FOUND", message: `Contact ${contactId} does not exist in this workspace.` });
  return listContactSubscriptions(db, workspaceId, contactId);
}
