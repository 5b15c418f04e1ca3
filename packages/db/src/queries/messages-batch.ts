// Batched write-once of many `messages` rows (broadcast pages): one INSERT for the page, then
// one SELECT for the keys an earlier attempt already owned. Same contract as insertMessageOnce:
// each key's row is returned, whoever wrote it.
import { inArray } from "drizzle-orm";
import type { Db } from "../client";
import { messages } from "../schema";
import type { Message, NewMessage } from "./messages-send";

export async function insertMessagesOnce(db: Db, rows: readonly NewMessage[]): Promise<Map<string, Message>> {
  const byKey = new Map<string, Message>();
  if (rows.length === 0) return byKey;
  const inserted = await db
    .insert(messages)
    .values([...rows])
    .onConflictDoNothing({ target: messages.idempotencyKey })
    .returning();
  for (const row of inserted) byKey.set(row.idempotencyKey, row);
  const missing = rows.map((row) => row.idempotencyKey).filter((key) => !byKey.has(key));
  if (missing.length > 0) {
    const existing = await db.select().from(messages).where(inArray(messages.idempotencyKey, missing));
    for (const row of existing) byKey.set(row.idempotencyKey, row);
  }
  return byKey;
}
