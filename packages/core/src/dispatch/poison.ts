// Which dispatch failures count against the event. An outage (Temporal or Postgres away, a
// deadline, a lock conflict, a definition changing under the event) fails whatever event
// happens to be in flight and heals by itself: the round backs off and nothing is counted.
// Anything else (bad data, a constraint, a bug tripped by this event) is the event's own:
// counted, recorded on the row, and after MAX_DISPATCH_ATTEMPTS the event is parked so
// its contact's later events proceed (see recordDispatchFailures).
import { StaleComputedTraitError } from "@mailstream/db/queries/computed-traits";
import { isUnavailableError } from "../errors/is-unavailable";

export const MAX_DISPATCH_ATTEMPTS = 5;

// Beyond a dependency being down (errors/is-unavailable.ts), these heal by themselves too:
// SQLSTATE 40 serialization/deadlock, 55 lock not available.
const TRANSIENT_SQLSTATE_CLASSES = new Set(["40", "55"]);
// Temporal client errors that mean "could not talk to the server" (the gRPC status says why).
const TRANSIENT_NAMES = new Set(["ServiceError", "ConnectionError", "TransportError", "TimeoutError", "AbortError"]);

export function isTransientDispatchError(error: unknown): boolean {
  if (isUnavailableError(error)) return true;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StaleComputedTraitError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.length === 5 && TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
    if (typeof code === "number") return true; // a gRPC status code: the Temporal call itself failed
    if (TRANSIENT_NAMES.has(e.name)) return true;
    if (/deadline|timed? ?out/i.test(e.message)) return true;
  }
  return false;
}

/** The root cause first (drizzle wraps a database error in "Failed query: <sql>"), then the wrapper. */
export function describeDispatchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 1000);
  let root: Error = error;
  while (root.cause instanceof Error) root = root.cause;
  const code = (root as { code?: unknown }).code;
  const head = `${root.name}${typeof code === "string" ? ` ${code}` : ""}: ${root.message}`;
  return (root === error ? head : `${head} (in ${error.message})`).slice(0, 1000);
}
