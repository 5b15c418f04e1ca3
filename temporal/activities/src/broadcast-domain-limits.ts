// Per-recipient-domain hourly limits of a broadcast (`gmail.com=5000`): a page sends what fits
// each domain's budget for the last hour and holds the rest back until a slot opens; the
// workflow sends the same page again then.
import type { Db } from "@mailstream/db/client";
import type { BroadcastRow } from "@mailstream/db/queries/broadcasts";
import { countRecentDomainSends, type RecipientToSend } from "@mailstream/db/queries/broadcast-recipients";

const HOUR_MS = 3_600_000;

/** Splits recipients into those within their domain's hourly budget and those held back. */
export async function applyDomainLimits(
  db: Db,
  broadcast: BroadcastRow,
  recipients: RecipientToSend[],
  now: number,
): Promise<{ allowed: RecipientToSend[]; held: number; heldUntil: number | null }> {
  const limits = broadcast.domainLimits;
  const limited = [...new Set(recipients.map((r) => r.domain))].filter((domain) => limits[domain] !== undefined);
  if (limited.length === 0) return { allowed: recipients, held: 0, heldUntil: null };
  const recent = await countRecentDomainSends(db, broadcast.id, limited, new Date(now - HOUR_MS));
  const budget = new Map(limited.map((domain) => [domain, (limits[domain] ?? 0) - (recent.get(domain)?.count ?? 0)]));
  const allowed: RecipientToSend[] = [];
  let held = 0;
  let heldUntil: number | null = null;
  for (const recipient of recipients) {
    const left = budget.get(recipient.domain);
    if (left === undefined || left > 0) {
      if (left !== undefined) budget.set(recipient.domain, left - 1);
      allowed.push(recipient);
      continue;
    }
    held++;
    // The window frees a slot when its oldest send turns an hour old; none yet means this page filled it.
    const oldest = recent.get(recipient.domain)?.oldest?.getTime() ?? now;
    const at = oldest + HOUR_MS;
    heldUntil = heldUntil === null ? at : Math.min(heldUntil, at);
  }
  return { allowed, held, heldUntil };
}
