// Segment's request limits, as the Mailstream server enforces them, and the arithmetic the
// client needs to stay inside them (body size of a batch, Retry-After).

/** 32 KB per event. */
export const MAX_EVENT_BYTES = 32 * 1024;
/** 500 KB per batch request. */
export const MAX_BATCH_BYTES = 500 * 1024;

/** Size of an event as JSON in UTF-8, the way the server measures it. */
export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** Bytes of `{"batch":[],"sentAt":"…"}` around the events (a comma goes between two events). */
export const BATCH_ENVELOPE_BYTES = '{"batch":[],"sentAt":"2024-05-01T12:00:00.000Z"}'.length;
/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
