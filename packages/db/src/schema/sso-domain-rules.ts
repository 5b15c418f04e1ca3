// Single sign-on domain rules, set by the instance owner only: a person whose first SSO
// sign-in carries a verified email at `domain` joins `workspace_id` with `role`. A rule never
// grants owner (the check below): ownership is handed over by an owner, not by a domain.
import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";
import { workspaceRole } from "./workspace-members";

export const ssoDomainRules = pgTable(
  "sso_domain_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-cased, without "@"; matched exactly against the part after the email's last "@". */
    domain: text("domain").notNull(),
    workspaceId: workspaceIdColumn(),
    role: workspaceRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("sso_domain_rules_domain_workspace").on(t.domain, t.workspaceId),
    check("sso_domain_rules_no_owner", sql`${t.role} <> 'owner'`),
    check("sso_domain_rules_domain_lower", sql`${t.domain} = lower(${t.domain})`),
  ],
);
