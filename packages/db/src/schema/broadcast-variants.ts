// What a broadcast sends: one row per variant, each a template pinned to the version frozen
// when the broadcast is scheduled. One variant ("A", weight 100) unless the broadcast tests several first
// (staggered A/B: `broadcasts.ab_test`); the recipients carry their variant and phase.
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { broadcasts } from "./broadcasts";
import { templates } from "./templates";
import { templateVersions } from "./template-versions";
import { workspaceIdColumn } from "./workspace-column";

export const broadcastVariants = pgTable(
  "broadcast_variants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    /** "A", "B", …: shown in reports and CSV exports. */
    key: text("key").notNull(),
    templateId: uuid("template_id").references(() => templates.id, { onDelete: "set null" }),
    /** Frozen at schedule time; null while a draft. */
    templateVersionId: uuid("template_version_id").references(() => templateVersions.id, { onDelete: "restrict" }),
    /** Overrides the template's subject (Liquid allowed); null = the template's. */
    subject: text("subject"),
    /** The display name put before the from address; null = as the sender is declared. */
    senderName: text("sender_name"),
    /** Share of the audience in percent; the variants of a broadcast add up to 100. */
    weight: integer("weight").notNull().default(100),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("broadcast_variants_broadcast_key_idx").on(t.broadcastId, t.key)],
);
