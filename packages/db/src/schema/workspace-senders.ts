// The sender addresses and whole domains a workspace has declared (Settings → Senders).
// Journeys, the workspace default From and test sends may only use these; the core check is
// packages/core/src/senders/senders.ts. `value` is lower case: an address (`news@acme.test`)
// when it holds an @, else a domain (`acme.test`) that covers every address at it.
import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const workspaceSenders = pgTable(
  "workspace_senders",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    value: text("value").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One row per declaration: a repeated add (a retry, a double click) is a no-op.
  (t) => [primaryKey({ columns: [t.workspaceId, t.value] })],
);
