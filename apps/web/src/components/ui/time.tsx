"use client";
// An instant as people read it: date and time to the second in the viewer's locale and zone
// (or "5 minutes ago" where a narrow column asks for it), with the full timestamp (weekday,
// seconds, zone, ISO) on hover. Query data renders it in the browser, in the browser's locale.
import { formatRelativeTime } from "./format";

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "6 Dec 2026, 20:15:03" in the viewer's locale. */
export function formatExactTime(value: Date | string): string {
  return exact.format(toDate(value));
}

export function Time({ value, testId, relative }: { value: Date | string; testId?: string; relative?: boolean }) {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return <span>{String(value)}</span>;
  return (
    <time
      dateTime={date.toISOString()}
      title={`${full.format(date)} (${date.toISOString()})`}
      data-testid={testId}
      suppressHydrationWarning
    >
      {relative ? formatRelativeTime(date) : exact.format(date)}
    </time>
  );
}
