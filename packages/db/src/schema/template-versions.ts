// Immutable snapshots of a template taken when a journey is published (partials inlined), so a
// running journey keeps sending what was published until it is published again.
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { templates } from "./templates";
import { workspaceIdColumn } from "./workspace-column";

/** Everything a send needs from the template, frozen. `blocks` holds no partial references. */
export type TemplateSnapshot = {
  name: string;
  subject: string;
  preheader: string;
  body: string;
  blocks: unknown[] | null;
  requiredVariables: string[];
  fromAddress: string | null;
  replyTo: string | null;
};

export const templateVersions = pgTable(
  "template_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** sha256 of the canonical snapshot JSON: publishing unchanged content reuses the version. */
    contentHash: text("content_hash").notNull(),
    content: jsonb("content").$type<TemplateSnapshot>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("template_versions_template_version_idx").on(t.templateId, t.version),
    index("template_versions_template_hash_idx").on(t.templateId, t.contentHash),
  ],
);
