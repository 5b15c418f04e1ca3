// Entry rules, the pure part: which workflow id an entry gets and which entry-key value it
// is counted under. The database half (re-entry policy, cooldown, race safety) is
// `enterJourneyRun` in @mailstream/db/queries/journeys-live.
//
// Workflow ids (business keys, see journeyWorkflowId):
// - every_time and once_at_a_time: `journey:<j>:<c>:<eventId>` — one run per trigger event,
//   so a redelivered event lands on the same run;
// - once: `journey:<j>:<c>:once` or `…:once:<key>` — the id itself says "at most one ever",
//   so two dispatchers racing on two different events collide on the unique workflow_id
//   (and on Temporal's REJECT_DUPLICATE) instead of both starting.
import { createHash } from "node:crypto";
import { readPath } from "@mailstream/journey/filters";
import type { Plan } from "@mailstream/journey/plan";
import type { ReentryPolicy } from "@mailstream/journey/schema";
import { journeyWorkflowId } from "@mailstream/temporal-contracts";

export type EntrySkipReason = "once" | "once_at_a_time" | "cooldown" | "missing_entry_key" | "journey_paused";

export interface PlannedEntry {
  workflowId: string;
  reentry: ReentryPolicy;
  cooldownMs: number | null;
  /** The entry-key value as text; null when the journey has no entry key. */
  entryKey: string | null;
}

const SAFE_KEY = /^[A-Za-z0-9_.@-]{1,64}$/;

/**
 * The value at the entry-key path as text. Strings, finite numbers and booleans key an
 * entry; anything else (absent, null, "", an object or list) counts as missing, because two
 * different carts must never share a key by accident.
 */
export function readEntryKey(subject: Record<string, unknown>, path: string): string | null {
  const value = readPath(subject, path);
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  return null;
}

/** Keeps workflow ids readable for ordinary keys; anything long or odd is hashed. */
function workflowIdPart(entryKey: string): string {
  return SAFE_KEY.test(entryKey)
    ? entryKey
    : `sha256-${createHash("sha256").update(entryKey).digest("hex").slice(0, 32)}`;
}

/**
 * Decides the entry's workflow id and key, or that it cannot enter because the event lacks
 * the entry key (the caller records a `missing_entry_key` skip).
 */
export function planEntry(input: {
  journeyId: string;
  contactId: string;
  eventId: string;
  trigger: Plan["trigger"];
  subject: Record<string, unknown>;
}): { ok: true; entry: PlannedEntry } | { ok: false; reason: "missing_entry_key" } {
  const { trigger } = input;
  const reentry = trigger.reentry ?? "every_time";
  let entryKey: string | null = null;
  if (trigger.entryKey) {
    entryKey = readEntryKey(input.subject, trigger.entryKey);
    if (entryKey === null) return { ok: false, reason: "missing_entry_key" };
  }
  const entryPart =
    reentry === "once" ? (entryKey === null ? "once" : `once:${workflowIdPart(entryKey)}`) : input.eventId;
  return {
    ok: true,
    entry: {
      workflowId: journeyWorkflowId(input.journeyId, input.contactId, entryPart),
      reentry,
      cooldownMs: trigger.cooldownMs ?? null,
      entryKey,
    },
  };
}
