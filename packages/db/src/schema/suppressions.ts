// Addresses a workspace must not mail: unsubscribes, hard bounces, complaints, manual — and
// the log of manual changes to that list (who added or lifted what, and why).
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const suppressionReason = pgEnum("suppression_reason", ["unsubscribed", "bounced", "complained", "manual"]);

export const suppressions = pgTable(
  "suppressions",
  {
    workspaceId: workspaceIdColumn(),
    /** Lower-cased address. */
    email: text("email").notNull(),
    reason: suppressionReason("reason").notNull(),
    /** Why a person added it by hand (manual entries); null for webhook and unsubscribe writes. */
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.email] }),
    index("suppressions_workspace_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const SUPPRESSION_LOG_ACTIONS = ["added", "removed"] as const;

/**
 * Manual changes from Settings. Lifting a bounce or complaint is a deliverability decision
 * someone must own later, so it is kept here after the suppression row is gone.
 */
export const suppressionLog = pgTable(
  "suppression_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    email: text("email").notNull(),
    action: text("action", { enum: SUPPRESSION_LOG_ACTIONS }).notNull(),
    /** The suppression's reason at the time (for a removal: what was lifted). */
    reason: suppressionReason("reason").notNull(),
    note: text("note"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("suppression_log_workspace_at_idx").on(t.workspaceId, t.at)],
);
