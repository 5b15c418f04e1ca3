// JSON responses in the shapes the public API documents: `{ success: true }`,
// `{ success: false, errors: [{ path, message }] }` for bad input, `{ success: false, error }` otherwise.
import type { IngestIssue } from "../ingest/errors";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function badRequest(errors: IngestIssue[]): Response {
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
