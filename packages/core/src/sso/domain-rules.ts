// Single sign-on domain rules (instance owner only): email domain → workspace + role. A rule
// never grants owner (ownership is handed over by an owner, and the database refuses it too).
// `joinWorkspacesByDomain` runs at a person's first SSO sign-in: one transaction adds them to
// every workspace whose rule matches their verified email's domain exactly, each join with
// that workspace's `member.join` audit row; someone already a member keeps their role.
import type { Db } from "@mailstream/db/client";
import { insertSecurityEvent } from "@mailstream/db/queries/security-events";
import {
  addMemberByRule,
  deleteSsoDomainRule,
  insertSsoDomainRule,
  listSsoDomainRules,
} from "@mailstream/db/queries/sso";
import { findWorkspaceById } from "@mailstream/db/queries/workspaces";
import { z } from "zod";
import type { AuditOrigin } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";

export const SSO_RULE_ROLES = ["admin", "marketer", "developer", "analyst"] as const;

/** A DNS name of at least two labels, lower-cased; "@example.com" is accepted as "example.com". */
const ZDomain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .max(253)
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        "must be an email domain such as example.com",
      ),
  );

export const ZAddSsoDomainRuleInput = z.object({
  domain: ZDomain,
  workspaceId: z.uuid(),
  role: z.enum(SSO_RULE_ROLES),
});
export type AddSsoDomainRuleInput = z.infer<typeof ZAddSsoDomainRuleInput>;

export async function addSsoDomainRule(db: Db, input: AddSsoDomainRuleInput, origin: AuditOrigin) {
  return db.transaction(async (tx) => {
    const workspace = await findWorkspaceById(tx, input.workspaceId);
    if (!workspace) throw new AppError(AppErrorCode.NOT_FOUND, "That workspace does not exist.");
    const rule = await insertSsoDomainRule(tx, input);
    if (!rule)
      throw new AppError(
        AppErrorCode.CONFLICT,
        `${input.domain} already has a rule for ${workspace.name}; remove it first.`,
      );
    await logRuleChange(tx, "sso_rule_added", rule, origin);
    return rule;
  });
}

/** A rule added or removed, in the instance security log, in the change's own transaction. */
function logRuleChange(
  tx: Parameters<typeof insertSecurityEvent>[0],
  kind: "sso_rule_added" | "sso_rule_removed",
  rule: { id: string; domain: string; workspaceId: string; role: string },
  origin: AuditOrigin,
) {
  return insertSecurityEvent(tx, {
    kind,
    email: origin.actor.label,
    sourceAddress: origin.sourceAddress,
    detail: {
      by: origin.actor.id,
      ruleId: rule.id,
      domain: rule.domain,
      workspaceId: rule.workspaceId,
      role: rule.role,
    },
  });
}

export async function removeSsoDomainRule(db: Db, ruleId: string, origin: AuditOrigin): Promise<void> {
  await db.transaction(async (tx) => {
    const rule = await deleteSsoDomainRule(tx, ruleId);
    if (!rule) throw new AppError(AppErrorCode.NOT_FOUND, "That domain rule does not exist (removed already?).");
    await logRuleChange(tx, "sso_rule_removed", rule, origin);
  });
}

export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf("@") + 1)
    .trim()
    .toLowerCase();
}

/** Returns the workspaces joined (none when no rule matches). */
export async function joinWorkspacesByDomain(
  db: Db,
  member: { userId: string; email: string },
  sourceAddress: string | null,
): Promise<string[]> {
  const rules = await listSsoDomainRules(db, emailDomain(member.email));
  if (rules.length === 0) return [];
  return db.transaction(async (tx) => {
    const joined: string[] = [];
    for (const rule of rules) {
      const added = await addMemberByRule(tx, {
        workspaceId: rule.workspaceId,
        userId: member.userId,
        role: rule.role,
      });
      if (!added) continue;
      joined.push(rule.workspaceId);
      await recordAudit(tx, {
        context: {
          actor: { kind: "user", id: member.userId, label: member.email },
          sourceAddress,
          workspaceId: rule.workspaceId,
        },
        action: "member.join",
        target: { type: "member", id: member.userId, label: member.email },
        changes: { fields: ["role"], after: { role: rule.role, ssoDomainRuleId: rule.id, domain: rule.domain } },
      });
    }
    return joined;
  });
}
