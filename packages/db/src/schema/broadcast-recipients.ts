// A broadcast's frozen audience, written once when sending starts: who gets it, in which page
// and when (local-time sends give each zone its own instant), and what happened. Retried or
// resumed pages read the same rows, and each send's message key is `broadcast:<id>:<contact>`,
// so nobody gets the broadcast twice.
import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { broadcasts } from "./broadcasts";
import { broadcastVariants } from "./broadcast-variants";
import { messages } from "./messages";

/** `deferred`: quiet hours or the frequency cap held it back; retried at `retry_at`. */
export const broadcastRecipientState = pgEnum("broadcast_recipient_state", [
  "pending",
  "sent",
  "skipped",
  "failed",
  "deferred",
]);
export type BroadcastRecipientState = (typeof broadcastRecipientState.enumValues)[number];

export const broadcastRecipients = pgTable(
  "broadcast_recipients",
  {
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    /** No foreign key: an erased contact leaves the count intact; its row is simply skipped. */
    contactId: uuid("contact_id").notNull(),
    /** 0-based; pages are sent in order, and never mix two send instants. */
    page: integer("page").notNull(),
    variantId: uuid("variant_id").references(() => broadcastVariants.id, { onDelete: "set null" }),
    /** "main" today; "test" / "winner" with staggered A/B. */
    phase: text("phase").notNull().default("main"),
    /** Lower-cased domain of the address at snapshot time, for the per-domain limits. */
    domain: text("domain").notNull().default(""),
    sendAt: timestamp("send_at", { withTimezone: true }).notNull(),
    state: broadcastRecipientState("state").notNull().default("pending"),
    /** Why it was skipped, deferred or failed, in words. */
    reason: text("reason"),
    retryAt: timestamp("retry_at", { withTimezone: true }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    handledAt: timestamp("handled_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.contactId] }),
    index("broadcast_recipients_page_idx").on(t.broadcastId, t.page),
    index("broadcast_recipients_message_idx").on(t.messageId),
    // Per-domain limits count a domain's recent sends on every page (countRecentDomainSends):
    // without it each count read every row of the broadcast.
    index("broadcast_recipients_sent_domain_idx")
      .on(t.broadcastId, t.domain, t.handledAt)
      .where(sql`${t.state} = 'sent'`),
    // The deferred pass and the workflow's next retry instant read only deferred rows.
    index("broadcast_recipients_deferred_idx")
      .on(t.broadcastId, t.retryAt)
      .where(sql`${t.state} = 'deferred'`),
  ],
);

export const BROADCAST_PHASES = ["main", "test", "winner"] as const;
export const BROADCAST_PAGE_SIZE = 100;
export type BroadcastRecipientRow = typeof broadcastRecipients.$inferSelect;
