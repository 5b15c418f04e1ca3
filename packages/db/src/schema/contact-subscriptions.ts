// A contact's explicit choice for one topic. No row = the topic's default applies; the global
// "unsubscribe from all" is a suppression (reason `unsubscribed`), not a row here.
import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { subscriptionTopics } from "./subscription-topics";
import { workspaceIdColumn } from "./workspace-column";

export const contactSubscriptions = pgTable(
  "contact_subscriptions",
  {
    workspaceId: workspaceIdColumn(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => subscriptionTopics.id, { onDelete: "cascade" }),
    isSubscribed: boolean("is_subscribed").notNull(),
    /** Where the choice came from: `preference_page`, `one_click`, `api`. */
    source: text("source").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.topicId] }), index("contact_subscriptions_topic_idx").on(t.topicId)],
);
