// Resolves "wait until a time of day", "until a date" and "until the best time" to an instant. An activity (not
// workflow code) because it reads fresh traits and zone rules; its result is recorded in the
// history, so a replay sleeps until the same instant.
import { wallClock, type Clock } from "./clock";
import type { Db } from "@mailstream/db/client";
import { findConditionContact } from "@mailstream/db/queries/conditions";
import { readPath } from "@mailstream/journey/filters";
import { localHour } from "@mailstream/core/send-time/best-hour";
import { findContactSendHour, type SendHourSource } from "@mailstream/core/send-time/contact-best-hour";
import { isValidTimeZone, nextTimeOfDay } from "@mailstream/journey/time-of-day";
import type { Weekday } from "@mailstream/journey/schema";
import type { JourneyRunInput } from "@mailstream/temporal-contracts";

/** What a wait-until step waits for: a time of day, or a date read from a trait or the trigger. */
export type WaitUntilTarget =
  | { kind: "wait_until_time"; time: string; weekdays: Weekday[]; fallbackTimeZone: string }
  | { kind: "wait_until_date"; source: "trait" | "trigger"; path: string; offsetMs: number }
  | { kind: "wait_until_best_time"; fallbackTime: string; fallbackTimeZone: string };

export type ResolveWaitUntilInput = {
  contactId: string;
  trigger: JourneyRunInput["trigger"];
} & WaitUntilTarget;

export interface ResolveWaitUntilResult {
  /** ISO instant to wait for; null = continue now (no usable date). */
  targetAt: string | null;
  timeZone?: string;
  reason?: string;
  /** Best-time waits: the hour chosen (contact's zone) and whose history it came from. */
  bestHour?: number | null;
  source?: SendHourSource;
}

/** ISO strings and epoch numbers (seconds below 1e11, else milliseconds) become instants. */
export function parseDateValue(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

export function createWaitUntilActivity(db: Db, clock: Clock = wallClock) {
  return async function resolveWaitUntil(input: ResolveWaitUntilInput): Promise<ResolveWaitUntilResult> {
    const contact = await findConditionContact(db, input.contactId);
    const traits = contact?.traits ?? input.trigger.traits;
    const now = await clock();
    const zoneOf = (fallback: string) =>
      [contact?.timezone, traits.timezone, fallback].find(
        (zone): zone is string => typeof zone === "string" && isValidTimeZone(zone),
      ) ?? "UTC";
    if (input.kind === "wait_until_time") {
      const timeZone = zoneOf(input.fallbackTimeZone);
      return { targetAt: new Date(nextTimeOfDay(now, input.time, input.weekdays, timeZone)).toISOString(), timeZone };
    }
    if (input.kind === "wait_until_best_time") {
      const timeZone = zoneOf(input.fallbackTimeZone);
      if (!contact) return { targetAt: null, reason: "the contact no longer exists" };
      const { hour, source } = await findContactSendHour(db, {
        workspaceId: contact.workspaceId,
        contactId: contact.id,
        now,
      });
      // Already inside the best hour: now is the best time (waiting would cost a day).
      if (hour !== null && localHour(now, timeZone) === hour) {
        return { targetAt: new Date(now).toISOString(), timeZone, bestHour: hour, source };
      }
      const time = hour === null ? input.fallbackTime : `${String(hour).padStart(2, "0")}:00`;
      const targetAt = new Date(nextTimeOfDay(now, time, [], timeZone)).toISOString();
      return { targetAt, timeZone, bestHour: hour, source };
    }
    const source = input.source === "trait" ? traits : input.trigger;
    const raw = readPath(source, input.path);
    const date = parseDateValue(raw);
    if (date === null) {
      return {
        targetAt: null,
        reason:
          raw === undefined || raw === null
            ? `${input.source} "${input.path}" is not set`
            : `${input.source} "${input.path}" is not a date`,
      };
    }
    return { targetAt: new Date(date + input.offsetMs).toISOString() };
  };
}
