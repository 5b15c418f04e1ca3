// One workspace setting saved on its own (link domains, event retention): the value written
// and a `settings.change` audit row with before and after, in one transaction. Saving the
// same value again changes nothing, so it records nothing.
import type { Db } from "@mailstream/db/client";
import { findWorkspaceSettings, updateWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { WorkspaceSettings } from "@mailstream/db/schema";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit, summarizeChanges } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { getSettings, type PublicSettings } from "./settings";

export async function saveWorkspaceSetting<K extends keyof WorkspaceSettings>(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  setting: {
    field: K;
    value: NonNullable<WorkspaceSettings[K]> | null;
    /** The stored value's meaning when the field is absent (the audit's "before"). */
    absent: NonNullable<WorkspaceSettings[K]> | null;
    /** How the audit log names it. */
    label: string;
  },
  audit?: AuditContext | null,
): Promise<PublicSettings> {
  const { field, value, absent, label } = setting;
  await db.transaction(async (tx) => {
    const before = await findWorkspaceSettings(tx, workspaceId);
    if (!before) throw new AppError(AppErrorCode.NOT_FOUND, `Workspace ${workspaceId} does not exist.`);
    const changes = summarizeChanges(
      { [field]: before[field] ?? absent },
      { [field]: value },
      { fields: [field], publicFields: [field] },
    );
    if (changes.fields?.length === 0) return;
    await updateWorkspaceSettings(tx, workspaceId, { [field]: value } as WorkspaceSettings);
    await recordAudit(tx, {
      context: audit,
      action: "settings.change",
      target: { type: "settings", id: workspaceId, label },
      changes,
    });
  });
  return getSettings(db, secret, workspaceId);
}
