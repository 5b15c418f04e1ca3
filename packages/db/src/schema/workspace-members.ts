// Who belongs to which workspace, and with which role. The role names are the ones of the
// permission table in packages/auth/src/permissions.ts; API keys carry one too.
import { index, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { workspaceIdColumn } from "./workspace-column";

export const workspaceRole = pgEnum("workspace_role", ["owner", "admin", "marketer", "developer", "analyst"]);

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: workspaceIdColumn(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: workspaceRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("workspace_members_user_idx").on(t.userId)],
);
