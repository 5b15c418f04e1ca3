// How far the catalogue loop has read the `events` outbox: one row per source (only `events`
// today), moved in the same transaction as the catalogue rows it produced.
import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const catalogueWatermarks = pgTable("catalogue_watermarks", {
  source: text("source").primaryKey(),
  /** The highest `events.seq` already catalogued. */
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
