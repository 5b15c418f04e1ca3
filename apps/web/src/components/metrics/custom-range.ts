// A custom metrics range as typed into `datetime-local` inputs (local time), checked before use.

/** `datetime-local` input value for a date, in local time. */
export function toLocalInput(date: Date | null): string {
  if (!date) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Checks a custom range typed by a person; the error names the field to fix. */
export function parseCustomRange(from: string, to: string): { from: Date | null; to: Date | null } | { error: string } {
  const start = from ? new Date(from) : null;
  const end = to ? new Date(to) : null;
  if (!start && !end) return { error: "From: enter a start, an end, or both" };
  if (start && Number.isNaN(start.getTime())) return { error: "From is not a valid date and time" };
  if (end && Number.isNaN(end.getTime())) return { error: "To is not a valid date and time" };
  if (start && end && start >= end) return { error: "To must be later than From" };
  return { from: start, to: end };
}
