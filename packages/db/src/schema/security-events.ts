// The instance's security log: failed and rate-limited sign-ins. Instance-level (no workspace:
// a failed sign-in belongs to no tenant yet), kept 30 days — the dispatcher's prune loop
// deletes older rows (apps/dispatcher/src/loops.ts).
import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const securityEventKind = pgEnum("security_event_kind", [
  "sign_in_failed",
  "sign_in_rate_limited",
  // instance settings changed by an instance owner (single sign-on); kept like the rest, 30 days
  "sso_settings_changed",
  "sso_rule_added",
  "sso_rule_removed",
  // an SSO sign-in refused after the provider answered (unverified email, bad token)
  "sso_sign_in_refused",
]);

export const securityEvents = pgTable(
  "security_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: securityEventKind("kind").notNull(),
    /** The address tried, lower-cased (whether or not an account has it); null when none was sent. */
    email: text("email"),
    sourceAddress: text("source_address"),
    /** What changed or why it was refused (never a secret). */
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("security_events_at_idx").on(t.at)],
);
