// A contact's best hour to receive email, from when they opened and clicked before: each
// engagement lands in the local hour (in the contact's zone, DST included) it happened at,
// weighted by kind (a click says more than an open, which image proxies may fake) and by age
// (last month's habits beat last year's). Pure: the reads live in contact-best-hour.ts.
import { isValidTimeZone } from "@mailstream/journey/time-of-day";

export type EngagementKind = "opened" | "clicked";

export interface Engagement {
  kind: EngagementKind;
  /** Epoch ms it happened. */
  at: number;
  /** The zone whose wall clock it is read in (the contact's); unknown or invalid reads as UTC. */
  timeZone: string | null;
}

export interface BestHourOptions {
  now: number;
  /** Fewer engagements than this are noise, not a habit: no best hour. */
  minEngagements: number;
}

export interface BestHour {
  /** 0–23 in the contact's zone; null when there is too little history. */
  hour: number | null;
  opens: number;
  clicks: number;
  /** Engagements per local hour (unweighted), for the profile's histogram. */
  histogram: number[];
}

export const CLICK_WEIGHT = 2;
export const OPEN_WEIGHT = 1;
/** An engagement this old counts half as much as one today. */
export const HALF_LIFE_MS = 60 * 86_400_000;
/** Engagements older than this are not read at all. */
export const LOOKBACK_MS = 365 * 86_400_000;
/** A contact's own hour needs this many engagements; a workspace's needs more. */
export const MIN_CONTACT_ENGAGEMENTS = 3;
export const MIN_WORKSPACE_ENGAGEMENTS = 20;
/** Neighbouring hours share some credit: an open at 08:55 and one at 09:05 are one habit. */
const NEIGHBOUR_SHARE = 0.5;

const hourFormatters = new Map<string, Intl.DateTimeFormat>();
/** About 600 IANA names exist; past this many, the names are junk from traits. */
const MAX_CACHED_ZONES = 1_000;

/** The wall-clock hour (0–23) of `instant` in `zone` (UTC when the zone is unknown). */
export function localHour(instant: number, zone: string | null): number {
  const key = zone ?? "UTC";
  // One formatter per zone name (an invalid name maps to UTC's): building one per engagement
  // costs far more than the read, over an audience's tens of thousands of engagements.
  let formatter = hourFormatters.get(key);
  if (!formatter) {
    // Zone names come from contact data: bound the cache rather than trust them to be few.
    if (hourFormatters.size >= MAX_CACHED_ZONES) hourFormatters.clear();
    const name = isValidTimeZone(key) ? key : "UTC";
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: name, hour: "numeric", hourCycle: "h23" });
    hourFormatters.set(key, formatter);
  }
  return Number(formatter.format(new Date(instant))) % 24;
}

/** How much one engagement counts: its kind, halved for every HALF_LIFE_MS of age. */
export function engagementWeight(kind: EngagementKind, ageMs: number): number {
  const base = kind === "clicked" ? CLICK_WEIGHT : OPEN_WEIGHT;
  return base * 0.5 ** (Math.max(0, ageMs) / HALF_LIFE_MS);
}

/** The hour with the most weighted engagement (neighbours sharing credit); ties go to the earlier hour. */
export function computeBestHour(engagements: readonly Engagement[], options: BestHourOptions): BestHour {
  const histogram = Array.from({ length: 24 }, () => 0);
  const weights = Array.from({ length: 24 }, () => 0);
  let opens = 0;
  let clicks = 0;
  for (const engagement of engagements) {
    const age = options.now - engagement.at;
    if (age > LOOKBACK_MS) continue;
    const hour = localHour(engagement.at, engagement.timeZone);
    histogram[hour] = (histogram[hour] ?? 0) + 1;
    weights[hour] = (weights[hour] ?? 0) + engagementWeight(engagement.kind, age);
    if (engagement.kind === "clicked") clicks++;
    else opens++;
  }
  if (opens + clicks < options.minEngagements) return { hour: null, opens, clicks, histogram };
  let best = 0;
  let bestScore = -1;
  for (let hour = 0; hour < 24; hour++) {
    const around = (weights[(hour + 23) % 24] ?? 0) + (weights[(hour + 1) % 24] ?? 0);
    const score = (weights[hour] ?? 0) + NEIGHBOUR_SHARE * around;
    if (score > bestScore + 1e-9) {
      best = hour;
      bestScore = score;
    }
  }
  return { hour: best, opens, clicks, histogram };
}
