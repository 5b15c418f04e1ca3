// Who owns the instance (not a workspace): the people who may configure instance-wide
// settings such as single sign-on. The demo owner is one (packages/auth/src/demo-owner.ts);
// migration 0025 made the oldest account one on installs that already had people.
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const instanceOwners = pgTable("instance_owners", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
