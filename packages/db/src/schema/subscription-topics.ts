// Subscription topics ("Product updates", "Offers"): lists a workspace's marketing email
// belongs to. `opt_out` topics mail every contact until they leave; `opt_in` topics mail only
// contacts who joined. Per-contact state lives in contact_subscriptions.
import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const TOPIC_DEFAULTS = ["opt_in", "opt_out"] as const;
export type TopicDefault = (typeof TOPIC_DEFAULTS)[number];

export const subscriptionTopics = pgTable(
  "subscription_topics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    defaultMode: text("default_mode").$type<TopicDefault>().notNull().default("opt_out"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("subscription_topics_workspace_name_idx").on(t.workspaceId, t.name)],
);
