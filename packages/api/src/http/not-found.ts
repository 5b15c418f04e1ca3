// Unknown paths under the public API (/api/v1/*, /v1/*): a JSON 404 naming the method and path,
// as every other API error is JSON — never the web app's HTML page. Nothing is read or written.
import { errorResponse } from "./responses";

/** The longest path echoed back: the address is the caller's input. */
const MAX_PATH = 200;

export function handleUnknownApiPath(req: Request): Response {
  const { pathname } = new URL(req.url);
  const path = pathname.length > MAX_PATH ? `${pathname.slice(0, MAX_PATH)}…` : pathname;
  return errorResponse(
    404,
    `No API endpoint ${req.method} ${path}. The endpoints are listed in docs/ingest-api.md and docs/contacts.md.`,
  );
}
