// What the dispatcher reads out of a stored event: the contact's email and time zone,
// and the record trigger filters are evaluated against. Pure functions.
import type { EventRow } from "@mailstream/db/queries/events";

const ADDRESS_PATTERN = /^[^\s@<>]+@[^\s@<>]+$/;

function pickEmail(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    if (typeof candidate === "string" && ADDRESS_PATTERN.test(candidate.trim())) return candidate.trim();
  }
  return null;
}

/** identify: `traits.email`; track: `properties.email`, then the event's traits. */
export function emailFromEvent(event: Pick<EventRow, "type" | "properties" | "traits">): string | null {
  return event.type === "identify"
    ? pickEmail(event.traits.email)
    : pickEmail(event.properties.email, event.traits.email);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Segment's `context.timezone` (IANA name, e.g. Europe/Berlin); anything else is ignored. */
export function timezoneFromEvent(event: Pick<EventRow, "context">): string | null {
  const zone = event.context.timezone;
  return typeof zone === "string" && zone !== "" && isTimeZone(zone) ? zone : null;
}

/**
 * The record trigger filters see; paths such as `properties.plan` or `traits.email`
 * address it (see ZPropertyFilterSchema).
 */
export function filterSubject(event: EventRow): Record<string, unknown> {
  return {
    type: event.type,
    event: event.event,
    userId: event.userId,
    anonymousId: event.anonymousId,
    messageId: event.messageId,
    timestamp: event.timestamp.toISOString(),
    properties: event.properties,
    traits: event.traits,
    context: event.context,
  };
}
