// Every anonymousId a known contact absorbed (alias, identify linking the two), so a contact
// keeps all its devices: a later anonymous-only event of any of them lands on that contact.
// `contacts.anonymous_id` stays the contact's own (first) id; this table holds them all.
import { pgTable, primaryKey, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { workspaceIdColumn } from "./workspace-column";

export const contactAnonymousIds = pgTable(
  "contact_anonymous_ids",
  {
    workspaceId: workspaceIdColumn(),
    anonymousId: text("anonymous_id").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.anonymousId] }),
    index("contact_anonymous_ids_contact_idx").on(t.contactId),
  ],
);
