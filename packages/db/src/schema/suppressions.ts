// Addresses a workspace must not mail: unsubscribes, hard bounces, complaints, manual.
import { pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const suppressionReason = pgEnum("suppression_reason", ["unsubscribed", "bounced", "complained", "manual"]);

export const suppressions = pgTable(
  "suppressions",
  {
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** Lower-cased address. */
    email: text("email").notNull(),
    reason: suppressionReason("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.email] })],
);
