// "Wait until HH:MM on these weekdays in this zone": the next matching instant after `now`.
// Pure and deterministic given (now, zone) — runs in an activity, whose result the workflow
// history records, because zone rules (Intl's tz data) may change between replays.
import type { Weekday } from "./primitives";

const WEEKDAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses 24h `HH:MM`; null when malformed. */
export function parseTimeOfDay(time: string): { hour: number; minute: number } | null {
  const match = TIME_PATTERN.exec(time);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

/** True when `zone` is an IANA zone this runtime knows (`Europe/Paris`, `UTC`). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of `instant` in `zone`. */
function wallClock(instant: number, zone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** Offset of `zone` from UTC at `instant`, in ms (Paris in summer: +7_200_000). */
function zoneOffset(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant whose wall clock in `zone` reads the given local time. A time skipped by a
 * DST jump (02:30 on spring-forward day) resolves to the same wall-clock distance after the
 * jump (03:30); a repeated one (01:30 on fall-back day) to its first occurrence.
 */
function zonedTimeToInstant(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  zone: string,
): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const first = guess - zoneOffset(guess, zone);
  const second = guess - zoneOffset(first, zone);
  if (first === second) return first;
  // Ambiguous or skipped: prefer the earlier candidate whose wall clock matches, else the later.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  for (const candidate of candidates) {
    const w = wallClock(candidate, zone);
    if (w.hour === local.hour && w.minute === local.minute) return candidate;
  }
  return Math.max(first, second);
}

/**
 * The first instant strictly after `now` at `time` local in `zone` on one of `weekdays`
 * (empty = any day). Throws on a malformed time or unknown zone (validation prevents both).
 */
export function nextTimeOfDay(now: number, time: string, weekdays: readonly Weekday[], zone: string): number {
  const parsed = parseTimeOfDay(time);
  if (!parsed) throw new Error(`"${time}" is not a 24h HH:MM time`);
  if (!isValidTimeZone(zone)) throw new Error(`"${zone}" is not a known time zone`);
  const allowed = new Set(weekdays.length === 0 ? [0, 1, 2, 3, 4, 5, 6] : weekdays.map((day) => WEEKDAY_INDEX[day]));
  const today = wallClock(now, zone);
  // Eight days cover "today, too late already" plus a full week.
  for (let offset = 0; offset <= 7; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    if (!allowed.has(date.getUTCDay())) continue;
    const instant = zonedTimeToInstant(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: parsed.hour,
        minute: parsed.minute,
      },
      zone,
    );
    if (instant > now) return instant;
  }
  throw new Error("unreachable: a week always contains an allowed weekday");
}
