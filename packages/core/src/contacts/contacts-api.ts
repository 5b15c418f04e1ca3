// The public contacts API's use cases (`/api/v1/contacts/{userId}…`, secret key only — a write
// key ships in browsers): which contact a request names, its profile document, a page of one
// of its sections, and erasure recorded against the key that asked.
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { ApiKeyRole } from "@mailstream/db/queries/api-keys";
import { findApiKeyId } from "@mailstream/db/queries/contact-erasure";
import { findContactProfileByUserId } from "@mailstream/db/queries/contacts-read";
import { findContactSegments } from "@mailstream/db/queries/segment-memberships";
import { listContactSubscriptions } from "@mailstream/db/queries/subscription-topics";
import type { AuditContext } from "../audit/audit-context";
import { AppError, AppErrorCode } from "../errors/app-error";
import { authenticateApiKey, readApiKeyFromHeader } from "../ingest/auth";
import { eraseContactEverywhere } from "./contacts";

export type ApiContact = NonNullable<Awaited<ReturnType<typeof findContactProfileByUserId>>>;

export interface ApiContactRequest {
  workspaceId: string;
  key: string;
  /** The key's id and display prefix, for the audit log. */
  keyRef: { id: string; prefix: string };
  /** Null when no contact has this userId in the key's workspace. */
  contact: ApiContact | null;
}

export interface FindApiContactOptions {
  db: Db;
  authorization: string | null;
  userId: string;
  /** Refuses (throws) a key whose role may not make this request; runs before any lookup. */
  authorizeRole: (role: ApiKeyRole) => void;
}

/** Authenticates the secret key, checks its role, and looks the contact up by userId. */
export async function findApiContact({
  db,
  authorization,
  userId,
  authorizeRole,
}: FindApiContactOptions): Promise<ApiContactRequest> {
  const key = readApiKeyFromHeader(authorization);
  const auth = await authenticateApiKey(db, key, "secret");
  if (!auth.ok || !key) throw new AppError(AppErrorCode.UNAUTHORIZED, auth.ok ? "Missing API key." : auth.error);
  authorizeRole(auth.role);
  if (!userId)
    throw new AppError(AppErrorCode.INVALID_INPUT, "userId must not be empty", {
      issues: [{ path: "userId", message: "userId must not be empty" }],
    });
  return {
    workspaceId: auth.workspaceId,
    key,
    keyRef: { id: auth.keyId, prefix: auth.keyPrefix },
    contact: (await findContactProfileByUserId(db, auth.workspaceId, userId)) ?? null,
  };
}

/** Profile, computed traits, segments and subscription state (global + per topic). */
export async function getApiContactProfile({
  db,
  workspaceId,
  contact,
}: {
  db: Db;
  workspaceId: string;
  contact: ApiContact;
}) {
  const { id, ...profile } = contact;
  const [segments, topics] = await Promise.all([
    findContactSegments(db, id),
    listContactSubscriptions(db, workspaceId, id),
  ]);
  return {
    ...profile,
    segments: segments.map((segment) => ({
      id: segment.segmentId,
      name: segment.name,
      enteredAt: segment.enteredAt.toISOString(),
    })),
    topics: topics.map((topic) => ({
      id: topic.topicId,
      name: topic.name,
      isSubscribed: topic.isSubscribed,
      isDefault: topic.isDefault,
    })),
  };
}

/** Erasure on behalf of an API key (recorded in the erasure log with the key's id). */
export async function eraseApiContact(options: {
  db: Db;
  temporal: () => Promise<TemporalClient>;
  workspaceId: string;
  key: string;
  contact: ApiContact;
  audit: AuditContext;
}) {
  const keyId = await findApiKeyId(options.db, options.key);
  return eraseContactEverywhere(
    options,
    options.workspaceId,
    options.contact.id,
    { keyId, source: "api" },
    options.audit,
  );
}
