// Contacts use cases shared by the tRPC router and the public HTTP API: profile and
// paginated reads, export, audited trait edits, and erasure (Temporal first, then rows).
import { WorkflowNotFoundError, type Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import {
  eraseContact,
  findActiveRunWorkflowIds,
  findContactExport,
  type EraseResult,
} from "@mailstream/db/queries/contact-erasure";
import { replaceContactTraitsAudited } from "@mailstream/db/queries/contact-trait-edits";
import {
  findContactEventsPage,
  findContactMessagesPage,
  findContactProfileById,
  findContactRunsPage,
  findContactsPage,
  InvalidCursorError,
  type ContactProfile,
  type Page,
  type PageOptions,
} from "@mailstream/db/queries/contacts-read";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { withCurrentSteps } from "../runs/run-view";

/** A forged or stale cursor is the caller's mistake, not a server error. */
async function withCursor<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new AppError(AppErrorCode.INVALID_INPUT, error.message, {
        issues: [{ path: "cursor", message: error.message }],
        cause: error,
      });
    throw error;
  }
}

export const ERASE_TERMINATE_REASON = "contact erased";

export function listContacts(db: Db, workspaceId: string, options: PageOptions & { search?: string | null }) {
  return withCursor(findContactsPage(db, workspaceId, options));
}

export async function getContact(db: Db, workspaceId: string, contactId: string): Promise<ContactProfile> {
  const contact = await findContactProfileById(db, workspaceId, contactId);
  if (!contact) throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${contactId} does not exist in this workspace.`);
  return contact;
}

export type ContactSection = "events" | "messages" | "runs";
type ContactRef = { id: string; userId: string | null };

export function readContactEvents(db: Db, workspaceId: string, contact: ContactRef, page: PageOptions) {
  // Events are keyed by userId; a contact known only anonymously has none under that key.
  return contact.userId
    ? withCursor(findContactEventsPage(db, workspaceId, contact.userId, page))
    : Promise.resolve({ data: [], nextCursor: null });
}

export function readContactMessages(db: Db, workspaceId: string, contact: ContactRef, page: PageOptions) {
  return withCursor(findContactMessagesPage(db, workspaceId, contact.id, page));
}

/** A contact's runs, newest first, each with where it is now (run-view.ts). */
export async function readContactRuns(db: Db, workspaceId: string, contact: ContactRef, page: PageOptions) {
  const runs = await withCursor(findContactRunsPage(db, workspaceId, contact.id, page));
  return { ...runs, data: await withCurrentSteps(db, workspaceId, runs.data) };
}

/** One page of a contact's events, messages or runs (the HTTP API's sub-resources). */
export function readContactSection(
  db: Db,
  workspaceId: string,
  contact: ContactRef,
  section: ContactSection,
  page: PageOptions,
): Promise<Page<unknown>> {
  if (section === "events") return readContactEvents(db, workspaceId, contact, page);
  if (section === "messages") return readContactMessages(db, workspaceId, contact, page);
  return readContactRuns(db, workspaceId, contact, page);
}

/** The Contacts page's timeline sections by contact id (NOT_FOUND when absent). */
export async function readContactEventsById(db: Db, workspaceId: string, contactId: string, page: PageOptions) {
  return readContactEvents(db, workspaceId, await getContact(db, workspaceId, contactId), page);
}

export async function readContactMessagesById(db: Db, workspaceId: string, contactId: string, page: PageOptions) {
  return readContactMessages(db, workspaceId, await getContact(db, workspaceId, contactId), page);
}

export async function readContactRunsById(db: Db, workspaceId: string, contactId: string, page: PageOptions) {
  return readContactRuns(db, workspaceId, await getContact(db, workspaceId, contactId), page);
}

export async function exportContact(db: Db, workspaceId: string, contactId: string) {
  const document = await findContactExport(db, workspaceId, contactId);
  if (!document) throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${contactId} does not exist in this workspace.`);
  return document;
}

export async function editContactTraits(
  db: Db,
  workspaceId: string,
  contactId: string,
  traits: Record<string, unknown>,
  audit?: AuditContext | null,
) {
  const result = await db.transaction(async (tx) => {
    const edited = await replaceContactTraitsAudited(tx, { workspaceId, contactId, traits, source: "ui" });
    // Trait names only: their values are the contact's personal data.
    if (edited.found && edited.changes.length > 0) {
      await recordAudit(tx, {
        context: audit,
        action: "contact.edit_traits",
        target: { type: "contact", id: contactId },
        changes: { fields: edited.changes.map((change) => `traits.${change.key}`) },
      });
    }
    return edited;
  });
  if (!result.found)
    throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${contactId} does not exist in this workspace.`);
  return { changes: result.changes, traits: result.traits };
}

/**
 * Terminates the contact's running journey workflows, then deletes their rows. Temporal goes
 * first: a run left alive after its rows were gone would wake up and mail an erased person.
 * Not found / already closed counts as done, so a retried erasure makes progress.
 */
export async function eraseContactEverywhere(
  deps: { db: Db; temporal: () => Promise<TemporalClient> },
  workspaceId: string,
  contactId: string,
  requester: { keyId: string | null; source: "api" | "ui" },
  audit?: AuditContext | null,
): Promise<EraseResult> {
  const workflowIds = await findActiveRunWorkflowIds(deps.db, workspaceId, contactId);
  let terminated = 0;
  if (workflowIds.length > 0) {
    const client = await deps.temporal();
    for (const workflowId of workflowIds) {
      try {
        await client.workflow.getHandle(workflowId).terminate(ERASE_TERMINATE_REASON);
        terminated += 1;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
  }
  return eraseContact(
    deps.db,
    {
      workspaceId,
      contactId,
      workflowsTerminated: terminated,
      requestedByKeyId: requester.keyId,
      source: requester.source,
    },
    // The contact's id only: everything else about the person is what was just erased.
    (tx, erasureId) =>
      recordAudit(tx, {
        context: audit,
        action: "contact.erase",
        target: { type: "contact", id: contactId },
        changes: { fields: ["contact"], after: { erasureId } },
      }),
  );
}
