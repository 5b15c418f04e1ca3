// The public contacts API (secret key only — a write key ships in browsers):
//   GET    /api/v1/contacts/{userId}            profile, computed traits, segments, subscription state (global + per topic), active runs
//   GET    /api/v1/contacts/{userId}/events     newest first   ┐ `?limit=&cursor=`,
//   GET    /api/v1/contacts/{userId}/messages   newest first   │ `{ data, nextCursor }`
//   GET    /api/v1/contacts/{userId}/runs       newest first   ┘
//   GET    /api/v1/contacts/{userId}/export     everything held, one JSON document (GDPR/CCPA)
//   DELETE /api/v1/contacts/{userId}            erasure; a repeat is a 404 with `deleted: false`
import { findApiKeyId } from "@mailstream/db/queries/contact-erasure";
import { InvalidCursorError } from "@mailstream/db/queries/contacts-read";
import { findContactSegments } from "@mailstream/db/queries/segment-memberships";
import { listContactSubscriptions } from "@mailstream/db/queries/subscription-topics";
import { roleHas, type Permission } from "@mailstream/auth/permissions";
import { forbiddenMessage } from "../authz";
import { authenticateApiKey, readApiKeyFromHeader } from "../ingest/auth";
import { eraseContactEverywhere, exportContact, findContactProfileByUserId, readContactSection, type ContactSection } from "../services/contacts";
import type { HttpDeps } from "./deps";
import { badRequest, errorResponse, jsonResponse, unauthorized, unavailable } from "./responses";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

type Params = { userId: string };
type ReadDeps = Pick<HttpDeps, "db">;
type Handler = (ctx: { workspaceId: string; key: string; contact: NonNullable<Awaited<ReturnType<typeof findContactProfileByUserId>>> }) => Promise<Response>;

function notFound(userId: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse(404, { success: false, error: `No contact with userId "${userId}" in this workspace.`, ...extra });
}

/**
 * Auth (a secret key whose role holds `permission`), userId and contact lookup shared by every
 * contacts endpoint; errors become 503.
 */
async function withContact(req: Request, deps: ReadDeps, params: Params, handler: Handler, onMissing = notFound, permission: Permission = "contacts:read"): Promise<Response> {
  try {
    const key = readApiKeyFromHeader(req.headers.get("authorization"));
    const auth = await authenticateApiKey(deps.db, key, "secret");
    if (!auth.ok || !key) return unauthorized(auth.ok ? "Missing API key." : auth.error);
    if (!roleHas(auth.role, permission)) return errorResponse(403, forbiddenMessage(auth.role, permission));
    if (!params.userId) return badRequest([{ path: "userId", message: "userId must not be empty" }]);
    const contact = await findContactProfileByUserId(deps.db, auth.workspaceId, params.userId);
    if (!contact) return onMissing(params.userId);
    return await handler({ workspaceId: auth.workspaceId, key, contact });
  } catch (error) {
    if (error instanceof InvalidCursorError) return badRequest([{ path: "cursor", message: error.message }]);
    console.error("[api] contacts request failed", error);
    return unavailable();
  }
}

function readPage(req: Request): { ok: true; limit: number; cursor: string | null } | { ok: false; response: Response } {
  const params = new URL(req.url).searchParams;
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { ok: false, response: badRequest([{ path: "limit", message: `limit must be a whole number from 1 to ${MAX_LIMIT}` }]) };
  }
  return { ok: true, limit, cursor: params.get("cursor") || null };
}

export function handleContactProfile(req: Request, deps: ReadDeps, params: Params): Promise<Response> {
  return withContact(req, deps, params, async ({ workspaceId, contact }) => {
    const { id, ...profile } = contact;
    const [segments, topics] = await Promise.all([findContactSegments(deps.db, id), listContactSubscriptions(deps.db, workspaceId, id)]);
    return jsonResponse(200, {
      data: {
        ...profile,
        segments: segments.map((segment) => ({ id: segment.segmentId, name: segment.name, enteredAt: segment.enteredAt.toISOString() })),
        topics: topics.map((topic) => ({ id: topic.topicId, name: topic.name, isSubscribed: topic.isSubscribed, isDefault: topic.isDefault })),
      },
    });
  });
}

export function handleContactSection(req: Request, deps: ReadDeps, params: Params, section: ContactSection): Promise<Response> {
  return withContact(req, deps, params, async ({ workspaceId, contact }) => {
    const page = readPage(req);
    if (!page.ok) return page.response;
    const result = await readContactSection(deps.db, workspaceId, contact, section, { limit: page.limit, cursor: page.cursor });
    return jsonResponse(200, result);
  });
}

export function handleContactExport(req: Request, deps: ReadDeps, params: Params): Promise<Response> {
  return withContact(req, deps, params, async ({ workspaceId, contact }) => {
    const document = await exportContact(deps.db, workspaceId, contact.id);
    return jsonResponse(200, document, { "content-disposition": `attachment; filename="contact-export.json"` });
  });
}

/** Erasure. Unknown (or already erased) userId: 404 with `deleted: false`, so retries are safe. */
export function handleContactErase(req: Request, deps: HttpDeps, params: Params): Promise<Response> {
  return withContact(
    req,
    deps,
    params,
    async ({ workspaceId, key, contact }) => {
      const keyId = await findApiKeyId(deps.db, key);
      const result = await eraseContactEverywhere(deps, workspaceId, contact.id, { keyId, source: "api" });
      if (!result.deleted) return notFound(params.userId, { deleted: false });
      return jsonResponse(200, { success: true, deleted: true, erasureId: result.erasureId, counts: result.counts });
    },
    (userId) => notFound(userId, { deleted: false }),
    "contacts:erase",
  );
}
