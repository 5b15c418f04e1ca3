// The public contacts API (secret key only — a write key ships in browsers):
//   GET    /api/v1/contacts/{userId}            profile, computed traits, segments, subscription state (global + per topic), active runs
//   GET    /api/v1/contacts/{userId}/events     newest first   ┐ `?limit=&cursor=`,
//   GET    /api/v1/contacts/{userId}/messages   newest first   │ `{ data, nextCursor }`
//   GET    /api/v1/contacts/{userId}/runs       newest first   ┘
//   GET    /api/v1/contacts/{userId}/export     everything held, one JSON document (GDPR/CCPA)
//   DELETE /api/v1/contacts/{userId}            erasure; a repeat is a 404 with `deleted: false`
import {
  eraseApiContact,
  findApiContact,
  getApiContactProfile,
  type ApiContact,
} from "@mailstream/core/contacts/contacts-api";
import { exportContact, readContactSection, type ContactSection } from "@mailstream/core/contacts/contacts";
import { roleHas, type Permission } from "@mailstream/auth/permissions";
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { textProblem } from "@mailstream/core/ingest/storable";
import { forbiddenMessage } from "../authz";
import { clientAddress } from "@mailstream/auth/client-address";
import type { HttpDeps } from "./deps";
import { badRequest, jsonResponse, respond } from "./responses";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

type Params = { userId: string };
type ReadDeps = Pick<HttpDeps, "db">;
type Handler = (ctx: {
  workspaceId: string;
  key: string;
  keyRef: { id: string; prefix: string };
  contact: ApiContact;
}) => Promise<Response>;

function notFound(userId: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse(404, {
    success: false,
    error: `No contact with userId "${userId}" in this workspace.`,
    ...extra,
  });
}

/**
 * Auth (a secret key whose role holds `permission`), userId and contact lookup shared by every
 * contacts endpoint; errors answered by respond().
 */
function withContact(
  req: Request,
  deps: ReadDeps,
  params: Params,
  handler: Handler,
  onMissing = notFound,
  permission: Permission = "contacts:read",
): Promise<Response> {
  return respond("contacts request", async () => {
    // The id comes from the URL (`x%00` decodes to a NUL): named as bad input, never sent to a query.
    const problem = textProblem(params.userId);
    if (problem) return badRequest([{ path: "userId", message: `userId ${problem}` }]);
    const authorizeRole = (role: Parameters<typeof roleHas>[0]) => {
      if (!roleHas(role, permission)) throw new AppError(AppErrorCode.FORBIDDEN, forbiddenMessage(role, permission));
    };
    const { workspaceId, key, keyRef, contact } = await findApiContact({
      db: deps.db,
      authorization: req.headers.get("authorization"),
      userId: params.userId,
      authorizeRole,
    });
    if (!contact) return onMissing(params.userId);
    return handler({ workspaceId, key, keyRef, contact });
  });
}

function readPage(
  req: Request,
): { ok: true; limit: number; cursor: string | null } | { ok: false; response: Response } {
  const params = new URL(req.url).searchParams;
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return {
      ok: false,
      response: badRequest([{ path: "limit", message: `limit must be a whole number from 1 to ${MAX_LIMIT}` }]),
    };
  }
  return { ok: true, limit, cursor: params.get("cursor") || null };
}

export function handleContactProfile(req: Request, deps: ReadDeps, params: Params): Promise<Response> {
  return withContact(req, deps, params, async ({ workspaceId, contact }) =>
    jsonResponse(200, { data: await getApiContactProfile({ db: deps.db, workspaceId, contact }) }),
  );
}

export function handleContactSection(
  req: Request,
  deps: ReadDeps,
  params: Params,
  section: ContactSection,
): Promise<Response> {
  return withContact(req, deps, params, async ({ workspaceId, contact }) => {
    const page = readPage(req);
    if (!page.ok) return page.response;
    const result = await readContactSection(deps.db, workspaceId, contact, section, {
      limit: page.limit,
      cursor: page.cursor,
    });
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
    async ({ workspaceId, key, keyRef, contact }) => {
      const audit = {
        workspaceId,
        actor: { kind: "key" as const, id: keyRef.id, label: keyRef.prefix },
        sourceAddress: clientAddress(req.headers, deps.trustedProxies ?? 0),
      };
      const result = await eraseApiContact({ ...deps, workspaceId, key, contact, audit });
      if (!result.deleted) return notFound(params.userId, { deleted: false });
      return jsonResponse(200, { success: true, deleted: true, erasureId: result.erasureId, counts: result.counts });
    },
    (userId) => notFound(userId, { deleted: false }),
    "contacts:erase",
  );
}
