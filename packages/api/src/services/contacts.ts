// Contacts use cases shared by the tRPC router and the public HTTP API: profile and
// paginated reads, export, audited trait edits, and erasure (Temporal first, then rows).
import { WorkflowNotFoundError, type Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { eraseContact, findActiveRunWorkflowIds, findContactExport, type EraseResult } from "@mailstream/db/queries/contact-erasure";
import { replaceContactTraitsAudited } from "@mailstream/db/queries/contact-trait-edits";
import {
  findContactEventsPage,
  findContactMessagesPage,
  findContactProfileById,
  findContactProfileByUserId,
  findContactRunsPage,
  findContactsPage,
  type ContactProfile,
  type Page,
  type PageOptions,
} from "@mailstream/db/queries/contacts-read";
import { TRPCError } from "@trpc/server";

export const ERASE_TERMINATE_REASON = "contact erased";

export function listContacts(db: Db, workspaceId: string, options: PageOptions & { search?: string | null }) {
  return findContactsPage(db, workspaceId, options);
}

export async function getContact(db: Db, workspaceId: string, contactId: string): Promise<ContactProfile> {
  const contact = await findContactProfileById(db, workspaceId, contactId);
  if (!contact) throw new TRPCError({ code: "NOT_FOUND", message: `Contact ${contactId} does not exist in this workspace.` });
  return contact;
}

export type ContactSection = "events" | "messages" | "runs";
type ContactRef = { id: string; userId: string | null };

export function readContactEvents(db: Db, workspaceId: string, contact: ContactRef, page: PageOptions) {
  // Events are keyed by userId; a contact known only anonymously has none under that key.
  return contact.userId ? findContactEventsPage(db, workspaceId, contact.userId, page) : Promise.resolve({ data: [], nextCursor: null });
}

export function readContactMessages(db: Db, workspaceId: string, contact: ContactRef, page: PageOptions) {
  return findContactMessagesPage(db, workspaceId, contact.id, page);
}

export function readContactRuns(db: Db, workspaceId: string, contact: ContactRef, page: PageOptions) {
  return findContactRunsPage(db, workspaceId, contact.id, page);
}

/** One page of a contact's events, messages or runs (the HTTP API's sub-resources). */
export function readContactSection(db: Db, workspaceId: string, contact: ContactRef, section: ContactSection, page: PageOptions): Promise<Page<unknown>> {
  if (section === "events") return readContactEvents(db, workspaceId, contact, page);
  if (section === "messages") return readContactMessages(db, workspaceId, contact, page);
  return readContactRuns(db, workspaceId, contact, page);
}

export { findContactProfileByUserId };

export async function exportContact(db: Db, workspaceId: string, contactId: string) {
  const document = await findContactExport(db, workspaceId, contactId);
  if (!document) throw new TRPCError({ code: "NOT_FOUND", message: `Contact ${contactId} does not exist in this workspace.` });
  return document;
}

export async function editContactTraits(db: Db, workspaceId: string, contactId: string, traits: Record<string, unknown>) {
  const result = await replaceContactTraitsAudited(db, { workspaceId, contactId, traits, source: "ui" });
  if (!result.found) throw new TRPCError({ code: "NOT_FOUND", message: `Contact ${contactId} does not exist in this workspace.` });
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
  return eraseContact(deps.db, { workspaceId, contactId, workflowsTerminated: terminated, requestedByKeyId: requester.keyId, source: requester.source });
}
