// Every action the audit log records, by domain. Dotted names (`<target>.<verb>`) so a filter
// on a prefix (`journey.`) finds a whole domain.
export const AUDIT_ACTIONS = [
  "journey.create",
  "journey.rename",
  "journey.save_draft",
  "journey.publish",
  "journey.pause",
  "journey.resume",
  "journey.archive",
  "journey.delete",
  "journey.duplicate",
  "journey.tag",
  "journey.test_run",
  "journey.send_test_path",
  "run.end",
  "template.create",
  "template.save",
  "template.delete",
  "template.duplicate",
  "template.tag",
  "partial.create",
  "partial.save",
  "settings.change",
  "settings.transport_change",
  "settings.variables_change",
  "suppression.add",
  "suppression.remove",
  "contact.edit_traits",
  "contact.erase",
  "segment.create",
  "segment.edit",
  "segment.delete",
  "event_schema.save",
  "event_schema.delete",
  "event_schema.mode_change",
  "computed_trait.save",
  "computed_trait.delete",
  "topic.create",
  "topic.edit",
  "topic.delete",
  "alert.settings_change",
  "experiment.declare_winner",
  "workspace.create",
  "workspace.rename",
  "workspace.delete",
  "workspace.transfer",
  "apiKey.create",
  "apiKey.revoke",
  "apiKey.rotate",
  "member.invite",
  "member.role_change",
  "member.remove",
  "member.join",
  "invitation.revoke",
  "sender.add",
  "sender.remove",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** What a row is about: `journey`, `template`, `settings`, … (the part of the action before the dot). */
export type AuditTargetType = AuditAction extends `${infer Target}.${string}` ? Target : never;
