// How the audit log names a key: its id, and its name with the display prefix (`ms_sk_AbCd`)
// so a reader can match the row to the list in Settings. Never the key itself.
import type { AuditTarget } from "../audit/record-audit";

export function keyAuditTarget(key: { id: string; name: string; keyPrefix: string }): AuditTarget {
  return { type: "apiKey", id: key.id, label: `${key.name} (${key.keyPrefix}…)` };
}
