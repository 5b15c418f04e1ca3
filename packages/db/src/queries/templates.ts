// Email templates of a workspace: list, read, create, update; plus what the editor needs around
// them — known variables (traits and recent event properties), a contact's latest event, the
// workspace's render variables.
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contacts, events, templates, workspaces } from "../schema/index";
import type { TemplateSnapshot } from "../schema/template-versions";
import { returnedRow } from "./returned-row";

export type TemplateRow = typeof templates.$inferSelect;
/** A template's editable fields: the same set a published snapshot freezes. */
export type TemplateFields = TemplateSnapshot;

export async function findTemplates(db: Db, workspaceId: string) {
  return db
    .select({
      id: templates.id,
      name: templates.name,
      subject: templates.subject,
      tags: templates.tags,
      updatedAt: templates.updatedAt,
    })
    .from(templates)
    .where(eq(templates.workspaceId, workspaceId))
    .orderBy(desc(templates.updatedAt));
}

/** Just the ids: what the journey compiler checks email nodes against. */
export async function findTemplateIds(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.select({ id: templates.id }).from(templates).where(eq(templates.workspaceId, workspaceId));
  return rows.map((row) => row.id);
}

export async function findTemplateById(
  db: Db | Tx,
  workspaceId: string,
  templateId: string,
): Promise<TemplateRow | null> {
  const [row] = await db
    .select()
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, templateId)));
  return row ?? null;
}

export async function insertTemplate(
  db: Db | Tx,
  workspaceId: string,
  fields: Pick<TemplateFields, "name" | "subject" | "body"> & Partial<TemplateFields>,
): Promise<TemplateRow> {
  const rows = await db
    .insert(templates)
    .values({ workspaceId, ...fields })
    .returning();
  return returnedRow(rows, "insert into templates");
}

export async function updateTemplate(
  db: Db | Tx,
  workspaceId: string,
  templateId: string,
  fields: Partial<TemplateFields>,
): Promise<TemplateRow | null> {
  const [row] = await db
    .update(templates)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, templateId)))
    .returning();
  return row ?? null;
}

/**
 * Trait keys of the most recently updated contacts and property keys of the most recent track
 * events — a sample (bounded scans), which is what "known" means for the editor's warnings.
 */
export async function findKnownVariables(
  db: Db,
  workspaceId: string,
  sample = 1000,
): Promise<{ contactTraits: string[]; eventProperties: string[] }> {
  const [traitRows, propertyRows] = await Promise.all([
    db.execute<{ key: string }>(sql`
      SELECT DISTINCT jsonb_object_keys(c.traits) AS key FROM (
        SELECT traits FROM ${contacts} WHERE workspace_id = ${workspaceId} AND jsonb_typeof(traits) = 'object'
        ORDER BY updated_at DESC LIMIT ${sample}) c`),
    db.execute<{ key: string }>(sql`
      SELECT DISTINCT jsonb_object_keys(e.properties) AS key FROM (
        SELECT properties FROM ${events} WHERE workspace_id = ${workspaceId} AND type = 'track' AND jsonb_typeof(properties) = 'object'
        ORDER BY seq DESC LIMIT ${sample}) e`),
  ]);
  return {
    contactTraits: traitRows.rows.map((r) => r.key).sort(),
    eventProperties: propertyRows.rows.map((r) => r.key).sort(),
  };
}

/** Contacts for the preview picker: by email / userId / name fragment, most recent first. */
export async function findPreviewContacts(db: Db, workspaceId: string, search: string, limit = 20) {
  const pattern = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return db
    .select({ id: contacts.id, userId: contacts.userId, email: contacts.email, traits: contacts.traits })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        search.trim() === ""
          ? undefined
          : or(
              sql`${contacts.email} ILIKE ${pattern}`,
              sql`${contacts.userId} ILIKE ${pattern}`,
              sql`${contacts.traits} ->> 'name' ILIKE ${pattern}`,
            ),
      ),
    )
    .orderBy(desc(contacts.updatedAt))
    .limit(limit);
}

/** A contact and its latest track event: the preview's `contact` and `event`. */
export async function findContactWithLatestEvent(db: Db, workspaceId: string, contactId: string) {
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!contact) return null;
  const identity = [
    contact.userId ? eq(events.userId, contact.userId) : undefined,
    contact.anonymousId ? eq(events.anonymousId, contact.anonymousId) : undefined,
  ].filter((c) => c !== undefined);
  const [event] =
    identity.length === 0
      ? []
      : await db
          .select({
            event: events.event,
            properties: events.properties,
            traits: events.traits,
            timestamp: events.timestamp,
          })
          .from(events)
          .where(and(eq(events.workspaceId, workspaceId), eq(events.type, "track"), or(...identity)))
          .orderBy(desc(events.timestamp))
          .limit(1);
  return { contact, event: event ?? null };
}

/** `{{ workspace.* }}` at render time: the variables from Settings, with `id` and `name` (which they cannot override). */
export async function findWorkspaceVariables(
  db: Db,
  workspaceId: string,
): Promise<Record<string, string> & { id: string; name: string }> {
  const [row] = await db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      variables: sql<Record<string, string> | null>`${workspaces.settings} -> 'variables'`,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) return { id: workspaceId, name: "" };
  return { ...(row.variables ?? {}), id: row.id, name: row.name };
}
