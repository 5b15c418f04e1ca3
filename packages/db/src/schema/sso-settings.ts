// The instance's single sign-on provider (one OIDC issuer for the whole instance): one row at
// most, held by the `singleton` key. The client secret is sealed with MAILSTREAM_SECRET and is
// never returned to a page; the sign-in flow reads the row on every request, so a change needs
// no restart.
import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const ssoSettings = pgTable(
  "sso_settings",
  {
    singleton: boolean("singleton").primaryKey().default(true),
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    /** Sealed (emails/transports/secret-box.ts); null until one is saved. */
    clientSecretSealed: text("client_secret_sealed"),
    scopes: text("scopes").notNull().default("openid email profile"),
    enabled: boolean("enabled").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("sso_settings_singleton", sql`${t.singleton}`)],
);
