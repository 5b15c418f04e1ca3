// JSON responses in the shapes the public API documents: `{ success: true }`,
// `{ success: false, errors: [{ path, message }] }` for bad input, `{ success: false, error }` otherwise,
// and errorToResponse: the one mapping of a thrown error to an HTTP status (tRPC: trpc.ts).
import { AppError, AppErrorCode, type AppErrorIssue } from "@mailstream/core/errors/app-error";
import { isRefusedDataError, isUnavailableError } from "@mailstream/core/errors/is-unavailable";
import { log, newErrorId } from "@mailstream/log";

/** The headers of every JSON answer. */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function badRequest(errors: AppErrorIssue[]): Response {
  return jsonResponse(400, { success: false, errors });
}

export function errorResponse(status: number, error: string, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { success: false, error }, headers);
}

export function unauthorized(error: string): Response {
  // Basic is what Segment's libraries speak; the challenge tells a curl user which scheme to use.
  return errorResponse(401, error, { "www-authenticate": 'Basic realm="mailstream", charset="UTF-8"' });
}

/** The database (or another dependency) failed: nothing was stored, the client should retry. */
export function unavailable(): Response {
  return errorResponse(503, "Mailstream could not store the request right now; nothing was stored, retry later.", {
    "retry-after": "1",
  });
}

export const HTTP_STATUSES: Record<AppErrorCode, number> = {
  [AppErrorCode.NOT_FOUND]: 404,
  [AppErrorCode.INVALID_INPUT]: 400,
  [AppErrorCode.CONFLICT]: 409,
  [AppErrorCode.UNAUTHORIZED]: 401,
  [AppErrorCode.FORBIDDEN]: 403,
  [AppErrorCode.PRECONDITION_FAILED]: 412,
  [AppErrorCode.LIMIT_EXCEEDED]: 413,
  [AppErrorCode.UNAVAILABLE]: 503,
};

/** The issue a value Postgres refused as data becomes when no edge check named it first. */
export const REFUSED_DATA_ISSUE: AppErrorIssue = {
  path: "body",
  message: "The request holds a value that cannot be stored (e.g. out of range or not valid text).",
};

/**
 * Every HTTP handler's catch: an AppError keeps its message under its status (bad input lists
 * each field); a database outage is a 503 (nothing stored, retry); a value Postgres refused as
 * data is a 400; anything else is a 500 whose body says nothing about the cause (it may hold
 * SQL and the request's data) but carries an error id — the log record has the same id.
 */
export function errorToResponse(error: unknown, what = "request"): Response {
  if (error instanceof AppError) {
    if (error.code === AppErrorCode.INVALID_INPUT)
      return badRequest(error.issues ?? [{ path: "body", message: error.message }]);
    if (error.code === AppErrorCode.UNAUTHORIZED) return unauthorized(error.message);
    if (error.code === AppErrorCode.UNAVAILABLE) return unavailable();
    return errorResponse(HTTP_STATUSES[error.code], error.message);
  }
  if (isUnavailableError(error)) {
    log.warn(`${what} failed: database unavailable`, {}, error);
    return unavailable();
  }
  if (isRefusedDataError(error)) {
    log.warn(`${what} refused: the database refused a value as data`, {}, error);
    return badRequest([REFUSED_DATA_ISSUE]);
  }
  const errorId = newErrorId();
  log.error(`${what} failed`, { errorId }, error);
  return jsonResponse(500, {
    success: false,
    error: `Mailstream could not handle the request; the error has been logged as ${errorId}.`,
    errorId,
  });
}

/** Runs a handler and answers whatever it throws through errorToResponse. */
export async function respond(what: string, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    return errorToResponse(error, what);
  }
}
