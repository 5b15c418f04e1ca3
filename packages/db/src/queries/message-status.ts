// A message's status after the hand-off: provider webhooks and our tracking routes move it up
// one ladder, never down, so a late, repeated or out-of-order event cannot undo a later one.
//
//   sent < delivered < opened < clicked < bounced < complained
//
// Opens and clicks outrank delivery (an open proves it); a bounce or a complaint outranks
// everything, since it is what decides whether the address can be mailed again. A message
// still `queued`, or `failed` / `suppressed`, is off the ladder: no event moves it.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { messages } from "../schema/index";
import type { MessageEventType } from "./message-events";

export type MessageStatus = (typeof messages.$inferSelect)["status"];

export const HANDED_OFF_STATUSES = ["sent", "delivered", "opened", "clicked", "bounced", "complained"] as const;
export type HandedOffStatus = (typeof HANDED_OFF_STATUSES)[number];

/** True once the transport accepted the message, whatever happened to it since. */
export function isHandedOff(status: MessageStatus): status is HandedOffStatus {
  return (HANDED_OFF_STATUSES as readonly string[]).includes(status);
}

/** The status an event asks for, or null when it says nothing about the message's progress. */
export function statusOfEvent(type: MessageEventType, options: { isTransientBounce?: boolean } = {}) {
  switch (type) {
    case "sent":
    case "delivered":
    case "opened":
    case "clicked":
    case "complained":
      return type;
    case "bounced":
      // A soft bounce is a delay the provider retries through, not the message's end.
      return options.isTransientBounce ? null : "bounced";
    case "delivery_delayed":
    case "unsubscribed":
      return null;
  }
}

const LADDER = sql.raw(`ARRAY[${HANDED_OFF_STATUSES.map((status) => `'${status}'`).join(",")}]::text[]`);

/**
 * Raises the message to `status` if that is further up the ladder; one statement, so two
 * webhooks racing on the same row both end at the higher status. True when it changed.
 */
export async function advanceMessageStatus(db: Db | Tx, messageId: string, status: HandedOffStatus): Promise<boolean> {
  const changed = await db
    .update(messages)
    .set({ status })
    .where(
      and(
        eq(messages.id, messageId),
        sql`array_position(${LADDER}, ${messages.status}::text) < array_position(${LADDER}, ${status}::text)`,
      ),
    )
    .returning({ id: messages.id });
  return changed.length > 0;
}
