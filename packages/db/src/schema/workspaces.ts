// A tenant: every other row belongs to exactly one workspace.
import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Per-workspace switches; absent keys take their defaults (read through `readWorkspaceSettings`). */
export type WorkspaceSettings = { trackingEnabled?: boolean };

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  settings: jsonb("settings").$type<WorkspaceSettings>().notNull().default({ trackingEnabled: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
