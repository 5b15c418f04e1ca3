// The one write into the audit log. Called with the transaction of the change it records, so a
// change and its row commit or roll back together: no change without its row, no row without
// its change. `changes` names fields; values only for settings that are neither secret nor
// personal (the caller decides which, with `summarizeChanges`).
import type { Db, Tx } from "@mailstream/db/client";
import { insertAuditLogRow } from "@mailstream/db/queries/audit-log";
import type { AuditChanges } from "@mailstream/db/schema";
import type { AuditAction, AuditTargetType } from "./actions";
import type { AuditContext } from "./audit-context";

export interface AuditTarget {
  type: AuditTargetType;
  id?: string | null | undefined;
  /** A name people recognise (a journey's name); never a contact's personal data. */
  label?: string | null | undefined;
}

export interface AuditEntry {
  /** Null for a system change (the demo seed, an alert pausing a journey): nothing is recorded. */
  context: AuditContext | null | undefined;
  action: AuditAction;
  target: AuditTarget;
  changes?: AuditChanges | undefined;
}

const MAX_LABEL = 200;

export async function recordAudit(tx: Db | Tx, entry: AuditEntry): Promise<void> {
  const { context, target } = entry;
  if (!context) return;
  await insertAuditLogRow(tx, {
    workspaceId: context.workspaceId,
    actorKind: context.actor.kind,
    actorId: context.actor.id,
    actorLabel: context.actor.label,
    action: entry.action,
    targetType: target.type,
    targetId: target.id ?? null,
    targetLabel: target.label ? target.label.slice(0, MAX_LABEL) : null,
    sourceAddress: context.sourceAddress,
    changes: entry.changes ?? null,
  });
}

function isSame(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Which of `fields` differ between `before` and `after`. Values are kept only for the fields
 * listed in `publicFields` (non-secret, non-personal settings); the rest are named, not shown.
 */
export function summarizeChanges<T extends Record<string, unknown>>(
  before: Partial<T> | null | undefined,
  after: Partial<T>,
  options: { fields: readonly (keyof T & string)[]; publicFields?: readonly (keyof T & string)[] },
): AuditChanges {
  const changed = options.fields.filter((field) => !isSame(before?.[field], after[field]));
  const shown = changed.filter((field) => options.publicFields?.includes(field));
  if (shown.length === 0) return { fields: changed };
  return {
    fields: changed,
    before: Object.fromEntries(shown.map((field) => [field, before?.[field] ?? null])),
    after: Object.fromEntries(shown.map((field) => [field, after[field] ?? null])),
  };
}
