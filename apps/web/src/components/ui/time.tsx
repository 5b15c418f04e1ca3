"use client";
// An instant as people read it: date and time to the second in the viewer's locale and zone,
// with the full timestamp (weekday, zone, ISO) on hover. Client-side only data (queries) render
// it, so the browser's locale is the one used.
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "6 Dec 2026, 20:15:03" in the viewer's locale. */
export function formatExactTime(value: Date | string): string {
  return exact.format(toDate(value));
}

export function Time({ value, testId }: { value: Date | string; testId?: string }) {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return <span>{String(value)}</span>;
  return (
    <time
      dateTime={date.toISOString()}
      title={`${full.format(date)} (${date.toISOString()})`}
      data-testid={testId}
      suppressHydrationWarning
    >
      {exact.format(date)}
    </time>
  );
}
