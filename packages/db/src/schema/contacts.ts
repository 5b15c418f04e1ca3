// People a workspace mails, keyed by the developer's own userId — or, before they are known,
// by the anonymousId their events carry (user_id NULL). Both unique indexes are plain
// (NULLs are distinct in Postgres), which keeps ON CONFLICT targets simple: an anonymous
// contact never collides on user_id, a known one without anonymous_id never on that.
// When alias/identify links the two, the dispatcher merges the anonymous contact into the
// known one (contact_merges records it) and the known contact keeps the anonymousId.
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    userId: text("user_id"),
    anonymousId: text("anonymous_id"),
    email: text("email"),
    traits: jsonb("traits").$type<Record<string, unknown>>().notNull().default({}),
    timezone: text("timezone"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contacts_workspace_user_idx").on(t.workspaceId, t.userId),
    uniqueIndex("contacts_workspace_anonymous_idx").on(t.workspaceId, t.anonymousId),
    // Contact search is a substring ILIKE on userId, email and the `name` trait; trigram GIN
    // indexes serve it without scanning every contact (needs the pg_trgm extension).
    index("contacts_user_id_trgm_idx").using("gin", sql`${t.userId} gin_trgm_ops`),
    index("contacts_email_trgm_idx").using("gin", sql`${t.email} gin_trgm_ops`),
    index("contacts_name_trgm_idx").using("gin", sql`(${t.traits} ->> 'name') gin_trgm_ops`),
  ],
);
