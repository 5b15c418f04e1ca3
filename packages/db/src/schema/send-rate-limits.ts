// Send rate limits shared by every worker: one row per limit (the email queue's provider rate),
// holding the instant its next slot frees (GCRA, "virtual scheduling"). A worker reserves slots
// with one upsert under the row's lock, so two workers sending pages at once still share one
// rate. Nothing else is stored; a lost row only forgets how far ahead the slots were booked.
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const sendRateLimits = pgTable("send_rate_limits", {
  /** e.g. `email-queue:email`: the limit's name. */
  key: text("key").primaryKey(),
  /** The first instant not yet reserved. */
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
});
