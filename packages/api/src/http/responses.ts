// JSON responses in the shapes the public API documents: `{ success: true }`,
// `{ success: false, errors: [{ path, message }] }` for bad input, `{ success: false, error }` otherwise,
// and errorToResponse: the one mapping of a thrown error to an HTTP status (tRPC: trpc.ts).
import { AppError, AppErrorCode, type AppErrorIssue } from "@mailstream/core/errors/app-error";
import { isUnavailableError } from "@mailstream/core/errors/is-unavailable";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
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

/**
 * Every HTTP handler's catch: an AppError keeps its message under its status (bad input lists
 * each field); a database outage is a 503 (nothing stored, retry); anything else is a 500 whose
 * body says nothing about the cause (it may hold SQL) — the cause is logged.
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
    console.warn(`[api] ${what} failed: database unavailable`, error instanceof Error ? error.message : error);
    return unavailable();
  }
  console.error(`[api] ${what} failed`, error);
  return errorResponse(500, "Mailstream could not handle the request; the error has been logged.");
}

/** Runs a handler and answers whatever it throws through errorToResponse. */
export async function respond(what: string, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    return errorToResponse(error, what);
  }
}
