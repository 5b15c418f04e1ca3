// Audit log of hand edits to a contact's traits: which keys changed, from what to what, by
// which surface. Rows go with the contact on erasure (they hold trait values).
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { workspaceIdColumn } from "./workspace-column";

export interface TraitChange {
  key: string;
  /** Absent when the key was added. */
  old?: unknown;
  /** Absent when the key was removed. */
  new?: unknown;
}

export const contactTraitAudits = pgTable(
  "contact_trait_audits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    changes: jsonb("changes").$type<TraitChange[]>().notNull(),
    source: text("source").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("contact_trait_audits_contact_idx").on(t.contactId, t.at)],
);
