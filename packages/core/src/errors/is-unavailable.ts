// Whether an error means "a dependency is down" (Postgres or Temporal unreachable, shutting
// down, out of resources) rather than a bug or bad data: transports answer 503 (retry later)
// for these and 500 for everything else. The dispatcher's transient check (dispatch/poison.ts)
// builds on it. A value Postgres refuses as data (class 22) is neither: it is the request's fault.

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

/** The SQLSTATE Postgres answered with, anywhere in the cause chain; null when it never answered. */
export function sqlStateOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    // No SQLSTATE class starts with E; errno codes (EPIPE, ECONNRESET) all do.
    if (typeof code === "string" && /^[0-9A-DF-Z][0-9A-Z]{4}$/.test(code)) return code;
  }
  return null;
}

export function isUnavailableError(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  // Postgres answered: only its connection, resource and shutdown classes mean "down". Any other
  // answer is about the request, and no message text may say otherwise (a query error's message
  // holds the request's own parameters, which could read "connection refused").
  if (sqlState !== null) return UNAVAILABLE_SQLSTATE_CLASSES.has(sqlState.slice(0, 2));
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_ERRNO.has(code)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isUnavailableError(inner))) return true;
    if (!("query" in e) && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/**
 * Postgres refused a value as data (SQLSTATE class 22: a NUL byte, a date or number out of range,
 * invalid JSON text): the request is at fault, not the server. The edge checks
 * (ingest/storable.ts) name such values first; this is the net under them.
 */
export function isRefusedDataError(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith("22") ?? false;
}

// Errors of the Temporal client's gRPC channel (@temporalio/client ServiceError / ConnectionError).
const TEMPORAL_ERROR_NAMES = new Set(["ServiceError", "ConnectionError", "TransportError"]);

/**
 * Which dependency an unavailable error is about, for a log line that names it ("Postgres
 * unreachable; retrying") instead of a bare ECONNREFUSED: Temporal for its client's errors,
 * Postgres for every other unavailable error (a process's other connections all go there),
 * null when the error is not about a dependency being down.
 */
export function unavailableDependency(error: unknown): "Postgres" | "Temporal" | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (TEMPORAL_ERROR_NAMES.has(e.name)) return "Temporal";
  }
  return isUnavailableError(error) ? "Postgres" : null;
}
