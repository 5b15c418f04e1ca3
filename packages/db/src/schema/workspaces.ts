// A tenant: every other row belongs to exactly one workspace.
import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * How a workspace delivers email. Secrets (`password`, `apiKey`) are stored sealed
 * (AES-256-GCM, see packages/emails/src/transports/secret-box.ts), never in plain text.
 */
export type StoredTransportSettings =
  | { kind: "outbox" }
  | { kind: "smtp"; host: string; port: number; secure: boolean; user: string | null; password: string | null }
  | { kind: "resend"; apiKey: string; baseUrl: string | null };

/** Per-workspace switches; absent keys take their defaults (tracking on, the worker's env transport and sender). */
export type WorkspaceSettings = {
  trackingEnabled?: boolean;
  /** Absent = the worker's EMAIL_TRANSPORT from its environment. */
  transport?: StoredTransportSettings;
  defaultFrom?: string | null;
  defaultReplyTo?: string | null;
  /** Template variables (`{{ workspace.company_address }}`); keys validated in the settings service. */
  variables?: Record<string, string>;
  /**
   * Hosts a link built from Liquid output may point at and still be click-tracked
   * (`example.com`, `*.example.com`); see packages/emails/src/links.ts.
   */
  linkDomains?: string[];
  /**
   * Days events and message events are kept; absent or null = forever. Read in SQL as
   * `settings->>'eventRetentionDays'` by the retention pass (queries/event-partitions.ts).
   */
  eventRetentionDays?: number | null;
};

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  settings: jsonb("settings").$type<WorkspaceSettings>().notNull().default({ trackingEnabled: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
