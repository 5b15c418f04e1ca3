// Send-time optimization's use cases: each contact's best hour from their own opens and clicks,
// the workspace's best hour for contacts without enough history, and the one rule that picks
// between them (contact → workspace → the marketer's chosen time). Computed on read: a contact's
// history is two index scans away (queries/engagements.ts), so a stored copy would only add a
// write to every open and click and a way to go stale (docs/journeys.md, "Best send time").
import type { Db } from "@mailstream/db/client";
import type { BroadcastAudience } from "@mailstream/db/queries/broadcasts";
import {
  findAudienceEngagements,
  findContactEngagements,
  findRecentWorkspaceEngagements,
  type EngagementRow,
} from "@mailstream/db/queries/engagements";
import {
  computeBestHour,
  LOOKBACK_MS,
  MIN_CONTACT_ENGAGEMENTS,
  MIN_WORKSPACE_ENGAGEMENTS,
  type BestHour,
  type Engagement,
} from "./best-hour";

/** The workspace's hour comes from its newest engagements: enough for a habit, bounded in cost. */
const WORKSPACE_SAMPLE = 5_000;
/** A workspace's habits move slowly; one read per workspace per worker every 10 minutes. */
const WORKSPACE_CACHE_MS = 10 * 60_000;
/** Contacts per engagement read when a whole audience is resolved. */
const CONTACT_CHUNK = 1_000;

export type SendHourSource = "contact" | "workspace" | "fallback";

export interface SendHour {
  /** 0–23 in the contact's zone; null = the chosen time (no history anywhere). */
  hour: number | null;
  source: SendHourSource;
}

/** Own hour first, then the workspace's, then none (the caller's chosen time). */
export function pickSendHour(contact: BestHour | undefined, workspace: BestHour): SendHour {
  if (contact?.hour != null) return { hour: contact.hour, source: "contact" };
  if (workspace.hour !== null) return { hour: workspace.hour, source: "workspace" };
  return { hour: null, source: "fallback" };
}

/** Each contact's best hour from their rows (several contacts' rows mixed). */
function bestHoursByContact(rows: readonly EngagementRow[], now: number): Map<string, BestHour> {
  const byContact = new Map<string, Engagement[]>();
  for (const row of rows) {
    const list = byContact.get(row.contactId) ?? [];
    list.push({ kind: row.kind, at: row.at.getTime(), timeZone: row.timeZone });
    byContact.set(row.contactId, list);
  }
  const result = new Map<string, BestHour>();
  for (const [contactId, engagements] of byContact) {
    result.set(contactId, computeBestHour(engagements, { now, minEngagements: MIN_CONTACT_ENGAGEMENTS }));
  }
  return result;
}

/** Best hours of these contacts (each in their own zone); contacts with no engagement are absent. */
export async function findContactBestHours(
  db: Db,
  input: { workspaceId: string; contactIds: readonly string[]; now: number },
): Promise<Map<string, BestHour>> {
  const rows: EngagementRow[] = [];
  for (let start = 0; start < input.contactIds.length; start += CONTACT_CHUNK) {
    const chunk = await findContactEngagements(db, {
      workspaceId: input.workspaceId,
      contactIds: input.contactIds.slice(start, start + CONTACT_CHUNK),
      since: new Date(input.now - LOOKBACK_MS),
    });
    rows.push(...chunk);
  }
  return bestHoursByContact(rows, input.now);
}

/**
 * The send hour of every engaged member of a broadcast audience (contacts with a best hour of
 * their own) and the hour for everyone else: the workspace's, or null for the chosen time.
 */
export async function findAudienceSendHours(
  db: Db,
  input: { audience: BroadcastAudience; now: number },
): Promise<{ byContact: Map<string, number>; otherwise: number | null }> {
  const rows = await findAudienceEngagements(db, {
    audience: input.audience,
    since: new Date(input.now - LOOKBACK_MS),
  });
  const byContact = new Map<string, number>();
  for (const [contactId, best] of bestHoursByContact(rows, input.now)) {
    if (best.hour !== null) byContact.set(contactId, best.hour);
  }
  const workspace = await findWorkspaceBestHour(db, { workspaceId: input.audience.workspaceId, now: input.now });
  return { byContact, otherwise: workspace.hour };
}

const workspaceCache = new Map<string, { at: number; best: BestHour }>();

/** The workspace's best local hour: each engagement read in its own contact's zone. */
export async function findWorkspaceBestHour(
  db: Db,
  input: { workspaceId: string; now: number; fresh?: boolean },
): Promise<BestHour> {
  const cached = workspaceCache.get(input.workspaceId);
  if (!input.fresh && cached && Math.abs(input.now - cached.at) < WORKSPACE_CACHE_MS) return cached.best;
  const rows = await findRecentWorkspaceEngagements(db, {
    workspaceId: input.workspaceId,
    since: new Date(input.now - LOOKBACK_MS),
    limit: WORKSPACE_SAMPLE,
  });
  const best = computeBestHour(
    rows.map((row) => ({ kind: row.kind, at: row.at.getTime(), timeZone: row.timeZone })),
    { now: input.now, minEngagements: MIN_WORKSPACE_ENGAGEMENTS },
  );
  workspaceCache.set(input.workspaceId, { at: input.now, best });
  return best;
}

/** One contact's send hour and where it came from (the journey wait's and the profile's read). */
export async function findContactSendHour(
  db: Db,
  input: { workspaceId: string; contactId: string; now: number; freshWorkspace?: boolean },
): Promise<SendHour & { contact: BestHour; workspace: BestHour }> {
  const hours = await findContactBestHours(db, { ...input, contactIds: [input.contactId] });
  const contact = hours.get(input.contactId) ?? { hour: null, opens: 0, clicks: 0, histogram: emptyHistogram() };
  const workspace = await findWorkspaceBestHour(db, {
    workspaceId: input.workspaceId,
    now: input.now,
    fresh: input.freshWorkspace ?? false,
  });
  return { ...pickSendHour(contact, workspace), contact, workspace };
}

function emptyHistogram(): number[] {
  return Array.from({ length: 24 }, () => 0);
}
