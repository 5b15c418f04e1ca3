// API keys, stored only as SHA-256 hashes. Write keys ingest; secret keys read and manage.
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaceRole } from "./workspace-members";
import { workspaceIdColumn } from "./workspace-column";

export const apiKeyKind = pgEnum("api_key_kind", ["write", "secret"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    kind: apiKeyKind("kind").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    /** First characters of the key, shown in Settings so a key can be recognised. */
    keyPrefix: text("key_prefix").notNull(),
    /** What a secret key may do (write keys only ingest). Keys made before roles existed became `admin`. */
    role: workspaceRole("role").notNull().default("developer"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_workspace_idx").on(t.workspaceId)],
);
