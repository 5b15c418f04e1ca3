// The instance's single sign-on settings (one row) and its domain rules.
import { asc, eq, notLike, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { ssoDomainRules, ssoSettings, workspaceMembers, workspaces } from "../schema/index";
import { SCRATCH_SLUG_PREFIX } from "./scratch-workspaces";

export type SsoSettingsRow = typeof ssoSettings.$inferSelect;
export type SsoDomainRuleRow = typeof ssoDomainRules.$inferSelect;
export type SsoRuleRole = Exclude<SsoDomainRuleRow["role"], "owner">;

export async function findSsoSettings(
  db: Db | Tx,
  options: { forUpdate?: boolean } = {},
): Promise<SsoSettingsRow | null> {
  const query = db.select().from(ssoSettings).limit(1);
  const rows = options.forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function upsertSsoSettings(
  db: Db | Tx,
  values: Pick<SsoSettingsRow, "issuer" | "clientId" | "clientSecretSealed" | "scopes" | "enabled">,
): Promise<void> {
  await db
    .insert(ssoSettings)
    .values({ singleton: true, ...values })
    .onConflictDoUpdate({ target: ssoSettings.singleton, set: { ...values, updatedAt: sql`now()` } });
}

export interface SsoDomainRuleView {
  id: string;
  domain: string;
  workspaceId: string;
  workspaceName: string;
  role: SsoRuleRole;
  createdAt: Date;
}

/** Every rule, or the rules of one domain (already lower-cased by the caller). */
export async function listSsoDomainRules(db: Db | Tx, domain?: string): Promise<SsoDomainRuleView[]> {
  const rows = await db
    .select({
      id: ssoDomainRules.id,
      domain: ssoDomainRules.domain,
      workspaceId: ssoDomainRules.workspaceId,
      workspaceName: workspaces.name,
      role: ssoDomainRules.role,
      createdAt: ssoDomainRules.createdAt,
    })
    .from(ssoDomainRules)
    .innerJoin(workspaces, eq(workspaces.id, ssoDomainRules.workspaceId))
    .where(domain === undefined ? undefined : eq(ssoDomainRules.domain, domain))
    .orderBy(asc(ssoDomainRules.domain), asc(workspaces.name));
  return rows as SsoDomainRuleView[];
}

/** Inserts a rule; null when the domain already has a rule for that workspace. */
export async function insertSsoDomainRule(
  db: Db | Tx,
  rule: { domain: string; workspaceId: string; role: SsoRuleRole },
): Promise<SsoDomainRuleRow | null> {
  const rows = await db.insert(ssoDomainRules).values(rule).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function deleteSsoDomainRule(db: Db | Tx, id: string): Promise<SsoDomainRuleRow | null> {
  const rows = await db.delete(ssoDomainRules).where(eq(ssoDomainRules.id, id)).returning();
  return rows[0] ?? null;
}

/** Every workspace of the instance, by name: what a domain rule may point at (never a test run's scratch). */
export async function listAllWorkspaces(db: Db | Tx): Promise<Array<{ id: string; name: string }>> {
  return db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(notLike(workspaces.slug, `${SCRATCH_SLUG_PREFIX}%`))
    .orderBy(asc(workspaces.name));
}

/** Adds a member through a domain rule; false when they already belong (their role is kept). */
export async function addMemberByRule(
  db: Db | Tx,
  input: { workspaceId: string; userId: string; role: SsoRuleRole },
): Promise<boolean> {
  const added = await db
    .insert(workspaceMembers)
    .values(input)
    .onConflictDoNothing()
    .returning({ userId: workspaceMembers.userId });
  return added.length > 0;
}
