// Email templates: the editable draft (subject, preheader, block document or legacy plain body,
// Liquid everywhere). Sends of a published journey read a pinned `template_versions` row instead.
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const templates = pgTable(
  "templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    preheader: text("preheader").notNull().default(""),
    /** Legacy plain body (paragraphs separated by blank lines); rendered only while `blocks` is null. */
    body: text("body").notNull(),
    /** The block document (validated by @mailstream/emails/blocks); null = legacy plain-body template. */
    blocks: jsonb("blocks").$type<unknown[]>(),
    /** Variable paths that must render non-empty or the send is skipped with a reason. */
    requiredVariables: jsonb("required_variables").$type<string[]>().notNull().default([]),
    fromAddress: text("from_address"),
    replyTo: text("reply_to"),
    /** Labels for finding it in the list (templates/tags.ts validates them: short, bounded count). */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("templates_workspace_idx").on(t.workspaceId), index("templates_tags_idx").using("gin", t.tags)],
);
