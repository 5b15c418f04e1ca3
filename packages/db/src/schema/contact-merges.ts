// Identity merges: an anonymous contact folded into a known one by `alias` or by an
// `identify` carrying both ids. The anonymous contact row is deleted; this row remembers it.
import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const contactMerges = pgTable(
  "contact_merges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    /** The removed anonymous contact's id (no FK: the row is gone). */
    fromContactId: uuid("from_contact_id").notNull(),
    intoContactId: uuid("into_contact_id").notNull(),
    anonymousId: text("anonymous_id").notNull(),
    userId: text("user_id").notNull(),
    /** The alias/identify event's messageId; unique so a replayed event records once. */
    messageId: text("message_id").notNull(),
    /** Anonymous traits that the known contact did not already have. */
    traitsAdopted: jsonb("traits_adopted").$type<Record<string, unknown>>().notNull().default({}),
    mergedAt: timestamp("merged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("contact_merges_event_idx").on(t.workspaceId, t.messageId)],
);
