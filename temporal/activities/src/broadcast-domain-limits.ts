// Per-recipient-domain hourly limits of a broadcast (`gmail.com=5000`): a page sends what fits
// each domain's budget for its window and holds the rest back until a slot opens; the workflow
// sends the same page again then. The window is the hour, or — spread (BROADCAST_PAGES_PATCH,
// broadcast-spread.ts) — a few seconds holding the limit's share, so the domain's mail flows
// evenly instead of its whole hour going at once.
import type { Db } from "@mailstream/db/client";
import type { BroadcastRow } from "@mailstream/db/queries/broadcasts";
import { countRecentDomainSends, type RecipientToSend } from "@mailstream/db/queries/broadcast-recipients";
import { domainWindow, type DomainWindow } from "./broadcast-spread";

/** Splits recipients into those within their domain's budget and those held back. */
export async function applyDomainLimits(
  db: Db,
  broadcast: BroadcastRow,
  recipients: RecipientToSend[],
  now: number,
  spread: boolean,
): Promise<{ allowed: RecipientToSend[]; held: number; heldUntil: number | null }> {
  const limits = broadcast.domainLimits;
  const windows = new Map<string, DomainWindow>();
  for (const { domain } of recipients) {
    const limit = limits[domain];
    if (limit !== undefined && !windows.has(domain)) windows.set(domain, domainWindow(limit, spread));
  }
  if (windows.size === 0) return { allowed: recipients, held: 0, heldUntil: null };
  const recent = await countRecentDomainSends(
    db,
    broadcast.id,
    [...windows].map(([domain, window]) => ({ domain, since: new Date(now - window.windowMs) })),
  );
  const budget = new Map(
    [...windows].map(([domain, window]) => [domain, window.budget - (recent.get(domain)?.count ?? 0)]),
  );
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
    // The window frees a slot when its oldest send leaves it; none yet means this page filled it.
    const oldest = recent.get(recipient.domain)?.oldest?.getTime() ?? now;
    const at = oldest + (windows.get(recipient.domain) as DomainWindow).windowMs;
    heldUntil = heldUntil === null ? at : Math.min(heldUntil, at);
  }
  return { allowed, held, heldUntil };
}
