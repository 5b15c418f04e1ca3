// Event schemas: per event name, rules its properties must follow (type, required, enum,
// min/max), enforced at ingest in the workspace's mode — `reject` (400, nothing stored) or
// `flag` (stored, with the problems recorded in `event_schema_violations`).
import {
  boolean,
  foreignKey,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { eventMessageIds } from "./event-message-ids";
import { workspaces } from "./workspaces";
import { workspaceIdColumn } from "./workspace-column";

export type EventPropertyType = "string" | "number" | "boolean" | "array" | "object";

/** One rule on one property of the event (`properties.<name>`). */
export interface EventPropertyRule {
  name: string;
  type: EventPropertyType;
  required: boolean;
  /** Allowed values (strings or numbers). */
  enum?: (string | number)[];
  /** number: value bounds; string/array: length bounds. */
  min?: number;
  max?: number;
}

export const eventSchemaMode = pgEnum("event_schema_mode", ["reject", "flag"]);

export const eventSchemas = pgTable(
  "event_schemas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    eventName: text("event_name").notNull(),
    rules: jsonb("rules").$type<EventPropertyRule[]>().notNull().default([]),
    /** Extra properties not named by a rule are allowed unless this is set. */
    isStrict: boolean("is_strict").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("event_schemas_workspace_event_idx").on(t.workspaceId, t.eventName)],
);

/** How a workspace treats events that break their schema (no row = `flag`). */
export const eventSchemaSettings = pgTable("event_schema_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  mode: eventSchemaMode("mode").notNull().default("flag"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A flagged event's problems; written in the same transaction as the event, erased with it. */
export const eventSchemaViolations = pgTable(
  "event_schema_violations",
  {
    workspaceId: uuid("workspace_id").notNull(),
    messageId: text("message_id").notNull(),
    eventName: text("event_name").notNull(),
    problems: jsonb("problems").$type<{ path: string; message: string }[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.messageId] }),
    foreignKey({
      name: "event_schema_violations_event_fk",
      columns: [t.workspaceId, t.messageId],
      foreignColumns: [eventMessageIds.workspaceId, eventMessageIds.messageId],
    }).onDelete("cascade"),
  ],
);
