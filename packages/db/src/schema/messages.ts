// Every email the platform produced. `idempotency_key` is unique so a retried send
// activity finds the existing row instead of sending twice.
import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { journeyRuns } from "./journey-runs";
import { journeys } from "./journeys";
import { templates } from "./templates";
import { workspaceIdColumn } from "./workspace-column";

/**
 * After `sent`, provider and tracking events move the status up one ladder and never back
 * (queries/message-status.ts holds the order): delivered < opened < clicked < bounced < complained.
 */
export const messageStatus = pgEnum("message_status", [
  "queued",
  "sent",
  "failed",
  "suppressed",
  "delivered",
  "opened",
  "clicked",
  "bounced",
  "complained",
]);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    runId: uuid("run_id").references(() => journeyRuns.id, { onDelete: "set null" }),
    journeyId: uuid("journey_id").references(() => journeys.id, { onDelete: "set null" }),
    nodeId: text("node_id"),
    templateId: uuid("template_id").references(() => templates.id, { onDelete: "set null" }),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    toAddress: text("to_address").notNull(),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    transport: text("transport").notNull(),
    status: messageStatus("status").notNull().default("queued"),
    providerMessageId: text("provider_message_id"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("messages_workspace_created_idx").on(t.workspaceId, t.createdAt),
    index("messages_contact_idx").on(t.contactId),
    index("messages_journey_node_idx").on(t.journeyId, t.nodeId),
    // Provider webhooks (Resend) find the message by the id the provider gave it.
    index("messages_provider_message_idx").on(t.providerMessageId),
  ],
);
