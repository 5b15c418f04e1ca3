// Counters of the one rate limiter (packages/auth/src/rate-limit.ts, rate-limiter-flexible's
// RateLimiterPostgres). The columns are that library's own table layout; it is declared here
// so the migration creates it and the library never issues DDL (`tableCreated: true`).
import { bigint, integer, pgTable, varchar } from "drizzle-orm/pg-core";

export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  /** Epoch milliseconds; null = never expires. */
  expire: bigint("expire", { mode: "number" }),
});
