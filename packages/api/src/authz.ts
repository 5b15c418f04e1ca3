// Who is calling, for every tRPC procedure and guarded HTTP route: a secret API key (with its
// role) or a signed-in person's session (with their role in the session's workspace). No
// credentials is a 401; an Authorization header that is not a usable key is a 401 too (it never
// falls back to the cookie or to a default workspace); a role without the permission is a 403.
import type { Db } from "@mailstream/db/client";
import { resolveSession, type SessionUser } from "@mailstream/auth/actor";
import { ROLE_LABELS, roleHas, type Permission, type Role } from "@mailstream/auth/permissions";
import type { MailstreamAuth } from "@mailstream/auth/server";
import type { AuditContext, AuditOrigin } from "@mailstream/core/audit/audit-context";
import { authenticateApiKey, readApiKeyFromHeader } from "@mailstream/core/ingest/auth";

export type Actor =
  | { kind: "user"; user: SessionUser; workspaceId: string; role: Role }
  | { kind: "key"; keyId: string; keyPrefix: string; workspaceId: string; role: Role };

export type AuthzFailure = { ok: false; status: 401 | 403; message: string };
export type AuthzResult<T> = { ok: true; value: T } | AuthzFailure;

export const SIGN_IN_MESSAGE = "Sign in (or send a secret key as `Authorization: Bearer <secret key>`) to continue.";

const fail = (status: 401 | 403, message: string): AuthzFailure => ({ ok: false, status, message });

/** The person behind the session cookie, whatever their memberships; keys are refused (they are not a person). */
export async function resolveSessionUser(
  deps: { db: Db; auth: MailstreamAuth | null },
  headers: Headers,
): Promise<AuthzResult<{ user: SessionUser; workspaceId: string | null; role: Role | null }>> {
  if (headers.get("authorization"))
    return fail(403, "This needs a signed-in person; API keys cannot manage workspaces.");
  if (!deps.auth) return fail(401, SIGN_IN_MESSAGE);
  const session = await resolveSession(deps.auth, deps.db, headers);
  if (session.status === "signed-out") return fail(401, SIGN_IN_MESSAGE);
  if (session.status === "no-workspace")
    return { ok: true, value: { user: session.user, workspaceId: null, role: null } };
  return { ok: true, value: { user: session.user, workspaceId: session.workspaceId, role: session.role } };
}

/** The key or member acting on one workspace. */
export async function resolveActor(
  deps: { db: Db; auth: MailstreamAuth | null },
  headers: Headers,
): Promise<AuthzResult<Actor>> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const key = readApiKeyFromHeader(authorization);
    if (!key) return fail(401, "Unsupported Authorization header: send `Authorization: Bearer <secret key>`.");
    const auth = await authenticateApiKey(deps.db, key, "secret");
    if (!auth.ok) return fail(401, auth.error);
    return {
      ok: true,
      value: {
        kind: "key",
        keyId: auth.keyId,
        keyPrefix: auth.keyPrefix,
        workspaceId: auth.workspaceId,
        role: auth.role,
      },
    };
  }
  if (!deps.auth) return fail(401, SIGN_IN_MESSAGE);
  const session = await resolveSession(deps.auth, deps.db, headers);
  if (session.status === "signed-out") return fail(401, SIGN_IN_MESSAGE);
  if (session.status === "no-workspace")
    return fail(403, "You are not a member of any workspace yet: create one or ask to be invited.");
  return {
    ok: true,
    value: { kind: "user", user: session.user, workspaceId: session.workspaceId, role: session.role },
  };
}

/** Who acted and from where, for the audit log (a key by id and display prefix, never the key). */
export function auditOriginOf(
  actor: Actor | { kind: "user"; user: SessionUser },
  sourceAddress: string | null,
): AuditOrigin {
  return {
    actor:
      actor.kind === "user"
        ? { kind: "user", id: actor.user.userId, label: actor.user.email }
        : { kind: "key", id: actor.keyId, label: actor.keyPrefix },
    sourceAddress,
  };
}

export function auditContextOf(actor: Actor, sourceAddress: string | null): AuditContext {
  return { ...auditOriginOf(actor, sourceAddress), workspaceId: actor.workspaceId };
}

export function forbiddenMessage(role: Role, permission: Permission): string {
  return `Your role (${ROLE_LABELS[role]}) does not allow this (needs "${permission}"); ask an owner or admin of the workspace.`;
}

/** `resolveActor` plus the permission check: the one gate of every workspace procedure and route. */
export async function authorize(
  deps: { db: Db; auth: MailstreamAuth | null },
  headers: Headers,
  permission: Permission,
): Promise<AuthzResult<Actor>> {
  const actor = await resolveActor(deps, headers);
  if (!actor.ok) return actor;
  if (!roleHas(actor.value.role, permission)) return fail(403, forbiddenMessage(actor.value.role, permission));
  return actor;
}
