// Whether an error means "a dependency is down" (Postgres or Temporal unreachable, shutting
// down, out of resources) rather than a bug or bad data: transports answer 503 (retry later)
// for these and 500 for everything else. The dispatcher's transient check (dispatch/poison.ts)
// builds on it.

const UNAVAILABLE_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
// SQLSTATE classes: 08 connection, 53 resources, 57 operator intervention (shutdown), 58 system.
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(["08", "53", "57", "58"]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connect(ion)? (refused|closed)|timeout exceeded when trying to connect/i;

export function isUnavailableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (UNAVAILABLE_ERRNO.has(code) || (code.length === 5 && UNAVAILABLE_SQLSTATE_CLASSES.has(code.slice(0, 2))))
    )
      return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isUnavailableError(inner))) return true;
    if (UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}
