// The audit log: every change a person or key made to a workspace. Append-only — a trigger in
// migration 0022 refuses UPDATE, DELETE and TRUNCATE, so not even the application's own
// connection can rewrite history. `workspace_id` is a plain uuid, not a foreign key: the log
// outlives a deleted workspace.
import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditActorKind = pgEnum("audit_actor_kind", ["user", "key"]);

/** Which fields changed; before/after only for non-secret, non-personal settings. */
export type AuditChanges = {
  fields?: string[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
};

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id").notNull(),
    actorKind: auditActorKind("actor_kind").notNull(),
    /** A user's id and email, or a key's id and prefix (never the key). */
    actorId: text("actor_id").notNull(),
    actorLabel: text("actor_label").notNull(),
    /** Dotted: `journey.publish`, `settings.transport_change` (packages/core/src/audit/actions.ts). */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    /** The client's address (X-Forwarded-For's first hop only behind a trusted proxy); null when unknown. */
    sourceAddress: text("source_address"),
    changes: jsonb("changes").$type<AuditChanges>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_workspace_at_idx").on(t.workspaceId, t.at, t.id),
    index("audit_log_workspace_action_idx").on(t.workspaceId, t.action),
  ],
);
