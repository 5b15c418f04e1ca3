// GET /api/v1/contacts/{userId}/messages — a contact's emails, newest first. Reading
// customer data needs the secret key; a write key (shipped in browsers) is refused.
import { findContactByUserId, findContactMessages } from "@mailstream/db/queries/contacts";
import { authenticateApiKey, readApiKeyFromHeader } from "../ingest/auth";
import type { HttpDeps } from "./deps";
import { badRequest, errorResponse, jsonResponse, unauthorized, unavailable } from "./responses";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

export async function handleContactMessages(
  req: Request,
  deps: Pick<HttpDeps, "db">,
  params: { userId: string },
): Promise<Response> {
  try {
    const auth = await authenticateApiKey(deps.db, readApiKeyFromHeader(req.headers.get("authorization")), "secret");
    if (!auth.ok) return unauthorized(auth.error);

    const rawLimit = new URL(req.url).searchParams.get("limit");
    const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return badRequest([{ path: "limit", message: `limit must be a whole number from 1 to ${MAX_LIMIT}` }]);
    }
    if (!params.userId) return badRequest([{ path: "userId", message: "userId must not be empty" }]);

    const contact = await findContactByUserId(deps.db, auth.workspaceId, params.userId);
    if (!contact) return errorResponse(404, `No contact with userId "${params.userId}" in this workspace.`);
    const data = await findContactMessages(deps.db, auth.workspaceId, contact.id, { limit });
    return jsonResponse(200, { data });
  } catch (error) {
    console.error("[api] reading contact messages failed", error);
    return unavailable();
  }
}
