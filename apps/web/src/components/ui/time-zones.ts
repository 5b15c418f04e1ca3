// The time-zone choices of every zone select (a journey's settings, a broadcast's quiet hours).

/** Every IANA zone the browser knows, UTC first, with the current value kept even if it does not (an old or typed-in name). */
export function listTimeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...zones])].sort((a, b) =>
    a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b),
  );
}
