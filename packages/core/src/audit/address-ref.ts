// How the audit log names an email address it must not store (a suppressed address is a
// person's data): a stable SHA-256 reference, so someone who knows the address can find its
// rows, and the domain alone as the label.
import { createHash } from "node:crypto";

export function addressRef(email: string): { id: string; label: string } {
  const normalized = email.trim().toLowerCase();
  const at = normalized.lastIndexOf("@");
  return {
    id: `sha256:${createHash("sha256").update(normalized, "utf8").digest("hex").slice(0, 32)}`,
    label: at === -1 ? "(address)" : `…@${normalized.slice(at + 1)}`,
  };
}
