// Reusable blocks (header, footer…) that templates reference by id. Drafts and previews read
// the partial live; a published template version holds a copy, taken at publish time.
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const templatePartials = pgTable(
  "template_partials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    /** Blocks validated by @mailstream/emails/blocks; partial references inside are ignored. */
    blocks: jsonb("blocks").$type<unknown[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("template_partials_workspace_idx").on(t.workspaceId)],
);
