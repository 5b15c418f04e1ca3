// The workspace's catalogue of what its data looks like, for suggestions while typing: event
// names, property paths per event, trait names and a few values per path. Written only by the
// dispatcher's catalogue loop (packages/core/src/catalogue/), bounded per workspace; values
// carry the hashed identities that showed them, so erasure can take a contact's share out.
import { sql } from "drizzle-orm";
import { bigint, check, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const catalogueKind = pgEnum("catalogue_kind", ["event", "event_path", "trait", "event_value", "trait_value"]);

export const catalogueEntries = pgTable(
  "catalogue_entries",
  {
    workspaceId: workspaceIdColumn(),
    kind: catalogueKind("kind").notNull(),
    /** The event name (kinds event, event_path, event_value); '' for traits. */
    event: text("event").notNull().default(""),
    /** `properties.plan` for event paths and values, `plan` for traits; '' for event names. */
    path: text("path").notNull().default(""),
    /** The value as text (values only); '' otherwise. */
    value: text("value").notNull().default(""),
    seenCount: bigint("seen_count", { mode: "number" }).notNull().default(0),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    /**
     * Values only: up to 5 identity hashes (erasure-tombstones' sha256 of workspace, kind, id)
     * that sent this value. A value is suggested only once 3 distinct identities sent it, and an
     * erased contact's hashes are removed, so no erased person's value stays findable.
     */
    contributors: text("contributors")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.kind, t.event, t.path, t.value] }),
    check("catalogue_entries_contributors_max", sql`cardinality(${t.contributors}) <= 5`),
  ],
);
