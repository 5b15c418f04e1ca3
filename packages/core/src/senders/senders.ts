// Senders: the addresses and whole domains a workspace may send from (Settings → Senders).
// Journeys (their templates' From), the workspace default From and test sends may only use a
// declared sender, so a member cannot mail as `security@bank.example`. A From that nobody in
// the workspace chose — the server's MAILSTREAM_DEFAULT_FROM, used when neither the template
// nor the workspace sets one — is the operator's and needs no declaration. A sender is the
// workspace's own address or domain (not a contact's), so the audit row names it.
import type { Db } from "@mailstream/db/client";
import { deleteWorkspaceSender, insertWorkspaceSender, listWorkspaceSenders } from "@mailstream/db/queries/senders";
import { parseAddress } from "@mailstream/emails/transports";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";

export type Sender = { value: string; kind: "address" | "domain" };

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const ZSenderInputSchema = z.object({
  value: z.string().trim().min(1, "Enter an address (news@acme.com) or a domain (acme.com)").max(320),
});

/** `news@acme.com`, `Acme <news@acme.com>` → the address; `acme.com`, `@acme.com` → the domain. */
export function normaliseSender(input: string): Sender {
  const text = input.trim();
  if (text.includes("@") && !text.startsWith("@")) {
    const address = parseAddress(text);
    if (address === null) throw invalidSender(text, "is not a valid email address");
    return { value: address.toLowerCase(), kind: "address" };
  }
  const domain = text.replace(/^@/, "").replace(/\.$/, "").toLowerCase();
  if (!DOMAIN.test(domain)) throw invalidSender(text, "is neither an email address nor a domain like acme.com");
  return { value: domain, kind: "domain" };
}

function invalidSender(text: string, problem: string): AppError {
  const message = `"${text}" ${problem}.`;
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path: "value", message }] });
}

function toSender(value: string): Sender {
  return { value, kind: value.includes("@") ? "address" : "domain" };
}

export async function listSenders(db: Db, workspaceId: string): Promise<Sender[]> {
  return (await listWorkspaceSenders(db, workspaceId)).map(toSender);
}

/** Declares a sender; declaring one already there changes nothing and records nothing. */
export async function addSender(
  db: Db,
  workspaceId: string,
  input: z.infer<typeof ZSenderInputSchema>,
  audit?: AuditContext | null,
) {
  const sender = normaliseSender(input.value);
  await db.transaction(async (tx) => {
    if (!(await insertWorkspaceSender(tx, workspaceId, sender.value))) return;
    await recordAudit(tx, {
      context: audit,
      action: "sender.add",
      target: { type: "sender", id: sender.value, label: sender.value },
      changes: { fields: ["kind"], after: { kind: sender.kind } },
    });
  });
  return listSenders(db, workspaceId);
}

export async function removeSender(
  db: Db,
  workspaceId: string,
  input: z.infer<typeof ZSenderInputSchema>,
  audit?: AuditContext | null,
) {
  const value = input.value.trim().toLowerCase();
  await db.transaction(async (tx) => {
    if (!(await deleteWorkspaceSender(tx, workspaceId, value))) {
      throw new AppError(AppErrorCode.NOT_FOUND, `"${value}" is not a declared sender of this workspace.`);
    }
    await recordAudit(tx, {
      context: audit,
      action: "sender.remove",
      target: { type: "sender", id: value, label: value },
    });
  });
  return listSenders(db, workspaceId);
}

/** Whether `from` (any form, `Name <a@b>` included) is covered by a declaration. */
export function isDeclaredSender(declared: readonly string[], from: string): boolean {
  const address = parseAddress(from)?.toLowerCase();
  if (!address) return false;
  const domain = address.slice(address.lastIndexOf("@") + 1);
  return declared.includes(address) || declared.includes(domain);
}

/** The message every refusal uses: names the address and where to declare it. */
export function undeclaredSenderMessage(from: string): string {
  const address = parseAddress(from) ?? from;
  return `"${address}" is not a declared sender of this workspace; add it (or its domain) in Settings → Senders.`;
}

/** Throws a 400 naming `from` (and `path`) unless it is declared. */
export async function assertDeclaredSender(db: Db, workspaceId: string, from: string, path: string): Promise<void> {
  if (isDeclaredSender(await listWorkspaceSenders(db, workspaceId), from)) return;
  const message = undeclaredSenderMessage(from);
  throw new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}
