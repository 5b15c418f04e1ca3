// API keys, stored only as SHA-256 hashes. Write keys ingest; secret keys read and manage.
// A key stops working when revoked, or once `expires_at` passes (the old key of a rotation).
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { workspaceRole } from "./workspace-members";
import { workspaceIdColumn } from "./workspace-column";

export const apiKeyKind = pgEnum("api_key_kind", ["write", "secret"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceIdColumn(),
    /** What the key is for ("Checkout backend"); keys made before names existed are named after their kind. */
    name: text("name").notNull(),
    kind: apiKeyKind("kind").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    /** First characters of the key, shown in Settings so a key can be recognised. */
    keyPrefix: text("key_prefix").notNull(),
    /** What a secret key may do (write keys only ingest). Keys made before roles existed became `admin`. */
    role: workspaceRole("role").notNull().default("developer"),
    /** The person who created it; null for seeded keys, keys made by a key, or a person since deleted. */
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Written at most once a minute per key, off the request path (core/ingest/auth.ts). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    /** Set when the key was rotated with a grace period: it works until then. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_workspace_idx").on(t.workspaceId)],
);
