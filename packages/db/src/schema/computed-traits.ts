// Computed traits: per-workspace definitions ("count of order_completed", "sum of
// properties.total" = lifetime value, "last value of properties.plan", first/last seen),
// and their current value per contact. The dispatcher keeps values current event by event
// (see packages/core/src/dispatch/dispatch-effects.ts); a new or changed definition is
// recomputed from history. Segments read `contact_computed_traits` by (contact, key).
import type { PropertyFilter } from "@mailstream/journey/schema";
import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { workspaceIdColumn } from "./workspace-column";

export const computedTraitKind = pgEnum("computed_trait_kind", [
  "count",
  "sum",
  "first_seen",
  "last_seen",
  "last_value",
]);

export const computedTraits = pgTable(
  "computed_traits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    /** The name the value goes by on the profile, in the read API and in segment predicates. */
    key: text("key").notNull(),
    kind: computedTraitKind("kind").notNull(),
    /** Track events of this name feed the trait. */
    eventName: text("event_name").notNull(),
    /** Property path inside `properties` (`total`, `items.0.sku`) for `sum` and `last_value`. */
    property: text("property"),
    /** Only events matching every filter count (paths as journey trigger filters: `properties.plan`). */
    filters: jsonb("filters").$type<PropertyFilter[]>().notNull().default([]),
    /** Count/sum only events of the last N seconds; null = all time. */
    windowSeconds: integer("window_seconds"),
    /** Bumped on every change; an incremental update made against an older version is refused. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("computed_traits_workspace_key_idx").on(t.workspaceId, t.key),
    index("computed_traits_workspace_event_idx").on(t.workspaceId, t.eventName),
  ],
);

export const contactComputedTraits = pgTable(
  "contact_computed_traits",
  {
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    traitId: uuid("trait_id")
      .notNull()
      .references(() => computedTraits.id, { onDelete: "cascade" }),
    workspaceId: workspaceIdColumn(),
    /** Copy of the definition's key (rewritten on recompute) so readers need no join. */
    key: text("key").notNull(),
    /** count/sum: JSON number; first_seen/last_seen: ISO-8601 UTC string; last_value: any JSON. */
    value: jsonb("value").$type<unknown>().notNull(),
    /**
     * Which events `value` reflects, exactly (never a seq watermark: seq order is not commit
     * order, so an event committed late would hide below it). An event is reflected when its
     * inserting transaction is visible in `snapshot` (the pg_snapshot of the history read that
     * last rebuilt the value; null = never rebuilt) or its seq is in `applied_seqs` (folded in
     * one by one since; seqs of events already marked dispatched are pruned, they never replay).
     */
    snapshot: text("snapshot"),
    appliedSeqs: bigint("applied_seqs", { mode: "number" })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.traitId] }),
    index("contact_computed_traits_trait_idx").on(t.traitId),
    index("contact_computed_traits_workspace_key_idx").on(t.workspaceId, t.key),
  ],
);
