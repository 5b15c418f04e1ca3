// Inbox use cases: the outbox's `messages` rows, newest first, and one message in full with its events.
import type { Db } from "@mailstream/db/client";
import { findEventsOfMessages } from "@mailstream/db/queries/message-events";
import { findMessageById, findMessagesPage, type MessageCursor } from "@mailstream/db/queries/messages-read";
import { AppError, AppErrorCode } from "../errors/app-error";

export function listMessages(db: Db, workspaceId: string, options: { limit: number; cursor?: MessageCursor | null }) {
  return findMessagesPage(db, workspaceId, options);
}

export async function getMessage(db: Db, workspaceId: string, messageId: string) {
  const message = await findMessageById(db, workspaceId, messageId);
  if (!message) throw new AppError(AppErrorCode.NOT_FOUND, `Message ${messageId} does not exist in this workspace.`);
  const events = await findEventsOfMessages(db, workspaceId, [message.id]);
  return { ...message, events: events.get(message.id) ?? [] };
}
