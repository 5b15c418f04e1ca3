// Reading sent messages for the in-app Inbox: newest first, keyset-paginated so a busy
// outbox pages in constant time.
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { journeys, messages } from "../schema/index";

export interface MessageCursor {
  createdAt: Date;
  id: string;
}

export interface MessageListItem {
  id: string;
  toAddress: string;
  subject: string;
  status: (typeof messages.$inferSelect)["status"];
  journeyId: string | null;
  journeyName: string | null;
  nodeId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export async function findMessagesPage(
  db: Db,
  workspaceId: string,
  options: { limit: number; cursor?: MessageCursor | null },
): Promise<{ items: MessageListItem[]; nextCursor: MessageCursor | null }> {
  const { cursor, limit } = options;
  const rows = await db
    .select({
      id: messages.id,
      toAddress: messages.toAddress,
      subject: messages.subject,
      status: messages.status,
      journeyId: messages.journeyId,
      journeyName: journeys.name,
      nodeId: messages.nodeId,
      createdAt: messages.createdAt,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .leftJoin(journeys, eq(journeys.id, messages.journeyId))
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        cursor
          ? or(
              lt(messages.createdAt, cursor.createdAt),
              and(eq(messages.createdAt, cursor.createdAt), lt(messages.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null;
  return { items, nextCursor };
}

export async function findMessageById(db: Db, workspaceId: string, messageId: string) {
  const [row] = await db
    .select({ message: messages, journeyName: journeys.name })
    .from(messages)
    .leftJoin(journeys, eq(journeys.id, messages.journeyId))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row ? { ...row.message, journeyName: row.journeyName } : null;
}
