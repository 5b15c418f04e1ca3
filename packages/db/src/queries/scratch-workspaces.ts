// The scratch area of a test run: a workspace of its own, with no members, holding copies of
// what the run reads — the workspace's name and settings (variables included), the templates
// (and pinned versions) the plan sends, the contact (a real one copied with its recent events
// and suppressions, or one written for the test), the topics, computed traits and segments its
// conditions read with the contact's own state (scratch-audience.ts), a draft journey with the
// plan (rewritten to the copies' ids) and the run row. The production
// activities and SQL then read it like any workspace, and nothing of the real workspace is
// written. Never visible: no member sees it, its journey is a draft (the dispatcher starts no
// run in it), its events are stored as dispatched, `listAllWorkspaces` leaves it out, and it
// is deleted (cascading to every row) when the run ends, or by the sweep if a worker died.
import { randomUUID } from "node:crypto";
import { and, asc, eq, gte, inArray, like, lt, sql } from "drizzle-orm";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import type { Db, Tx } from "../client";
import {
  contacts,
  events,
  journeyRuns,
  journeys,
  journeyVersions,
  suppressions,
  templates,
  templateVersions,
  workspaces,
} from "../schema";
import { copyScratchAudience, remapIds } from "./scratch-audience";
import { SCRATCH_SLUG_PREFIX } from "./scratch-slug";

export { SCRATCH_SLUG_PREFIX } from "./scratch-slug";
/** A real contact's history copied for conditions like "did X in the last 30 days". */
const COPIED_EVENTS = 500;

export interface ScratchContact {
  /** A contact of the source workspace, copied; or null with the fields of a written one. */
  sourceContactId: string | null;
  email: string | null;
  traits: Record<string, unknown>;
}

export interface ScratchRun {
  workspaceId: string;
  journeyId: string;
  versionId: string;
  contactId: string;
  userId: string;
  email: string | null;
  traits: Record<string, unknown>;
  runId: string;
  /** The plan with template (and pinned version) ids of the scratch copies. */
  plan: Plan;
  /** Scratch template id → source template id, to report emails by the real template. */
  sourceTemplateIds: Map<string, string>;
}

/** Copies what a test run of `plan` reads into a new hidden workspace; null when the source contact is gone. */
export async function createScratchRun(
  db: Db,
  input: {
    sourceWorkspaceId: string;
    journeyName: string;
    plan: Plan;
    contact: ScratchContact;
    workflowId: string;
    /** The run's virtual "now": a written contact's segments are evaluated at it. */
    now: Date;
  },
): Promise<ScratchRun | null> {
  return db.transaction(async (tx) => {
    const [source] = await tx.select().from(workspaces).where(eq(workspaces.id, input.sourceWorkspaceId));
    if (!source) return null;
    let contactFields = {
      userId: `test-run-${randomUUID().slice(0, 8)}`,
      email: input.contact.email,
      traits: input.contact.traits,
      timezone: null as string | null,
    };
    if (input.contact.sourceContactId) {
      const [real] = await tx
        .select()
        .from(contacts)
        .where(and(eq(contacts.id, input.contact.sourceContactId), eq(contacts.workspaceId, input.sourceWorkspaceId)));
      if (!real) return null;
      contactFields = {
        userId: real.userId ?? contactFields.userId,
        email: real.email,
        traits: real.traits,
        timezone: real.timezone,
      };
    }
    const slug = `${SCRATCH_SLUG_PREFIX}${randomUUID()}`;
    // The workspace's own transport is not copied: a test run's sends go to its recorder.
    const { transport: _transport, ...settings } = source.settings;
    // The source's name, as templates read it (`workspace.name`); the slug alone marks the copy.
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: source.name, slug, settings })
      .returning({ id: workspaces.id });
    const workspaceId = (workspace as { id: string }).id;

    const [contact] = await tx
      .insert(contacts)
      .values({ workspaceId, ...contactFields })
      .returning({ id: contacts.id });
    const contactId = (contact as { id: string }).id;
    if (input.contact.sourceContactId) {
      await copyContactHistory(tx, { from: input.sourceWorkspaceId, to: workspaceId, ...contactFields });
    }

    const audienceIds = await copyScratchAudience(tx, {
      from: input.sourceWorkspaceId,
      to: workspaceId,
      contactId,
      sourceContactId: input.contact.sourceContactId,
      now: input.now,
    });
    const copied = await copyTemplates(tx, input.sourceWorkspaceId, workspaceId, input.plan);
    // Branches name segments, emails name topics: the plan points at the copies.
    const plan = remapIds(copied.plan, audienceIds);
    const { sourceTemplateIds } = copied;
    const graph = { nodes: [], edges: [] };
    const [journey] = await tx
      .insert(journeys)
      .values({ workspaceId, name: input.journeyName, status: "draft", draft: graph })
      .returning({ id: journeys.id });
    const journeyId = (journey as { id: string }).id;
    const [version] = await tx
      .insert(journeyVersions)
      .values({ journeyId, version: 1, graph, plan })
      .returning({ id: journeyVersions.id });
    const versionId = (version as { id: string }).id;
    const [run] = await tx
      .insert(journeyRuns)
      .values({ workspaceId, journeyId, versionId, contactId, workflowId: input.workflowId })
      .returning({ id: journeyRuns.id });
    return {
      workspaceId,
      journeyId,
      versionId,
      contactId,
      userId: contactFields.userId,
      email: contactFields.email,
      traits: contactFields.traits,
      runId: (run as { id: string }).id,
      plan,
      sourceTemplateIds,
    };
  });
}

/** The contact's most recent events (stored as dispatched) and the suppressions of its address. */
async function copyContactHistory(
  tx: Tx,
  contact: { from: string; to: string; userId: string; email: string | null },
): Promise<void> {
  await tx.execute(sql`
    insert into ${events} (workspace_id, message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp, dispatched_at)
    select ${contact.to}, message_id, type, user_id, anonymous_id, event, properties, traits, '{}'::jsonb, timestamp, now()
    from ${events}
    where workspace_id = ${contact.from} and user_id = ${contact.userId}
    order by timestamp desc
    limit ${COPIED_EVENTS}`);
  if (contact.email) {
    await tx.execute(sql`
      insert into ${suppressions} (workspace_id, email, reason, note)
      select ${contact.to}, email, reason, note from ${suppressions}
      where workspace_id = ${contact.from} and email = ${contact.email.toLowerCase()}`);
  }
}

/** Copies each template the plan sends (and its pinned version) and rewrites the plan's ids. */
async function copyTemplates(
  tx: Tx,
  from: string,
  to: string,
  plan: Plan,
): Promise<{ plan: Plan; sourceTemplateIds: Map<string, string> }> {
  const emailSteps = Object.values(plan.steps).filter(
    (step): step is Extract<PlanStep, { kind: "email" }> => step.kind === "email",
  );
  const templateIds = [...new Set(emailSteps.map((step) => step.templateId))];
  const copies = new Map<string, string>();
  const sourceTemplateIds = new Map<string, string>();
  if (templateIds.length > 0) {
    const rows = await tx
      .select()
      .from(templates)
      .where(and(eq(templates.workspaceId, from), inArray(templates.id, templateIds)));
    for (const { id, workspaceId: _workspace, createdAt: _created, updatedAt: _updated, ...row } of rows) {
      const copyId = randomUUID();
      await tx.insert(templates).values({ ...row, id: copyId, workspaceId: to });
      copies.set(id, copyId);
      sourceTemplateIds.set(copyId, id);
    }
  }
  const versionIds = [
    ...new Set(emailSteps.flatMap((step) => (step.templateVersionId ? [step.templateVersionId] : []))),
  ];
  const versionCopies = new Map<string, string>();
  if (versionIds.length > 0) {
    const rows = await tx
      .select()
      .from(templateVersions)
      .where(and(eq(templateVersions.workspaceId, from), inArray(templateVersions.id, versionIds)));
    for (const { id, workspaceId: _workspace, createdAt: _created, ...row } of rows) {
      const templateId = copies.get(row.templateId);
      if (!templateId) continue;
      const copyId = randomUUID();
      await tx.insert(templateVersions).values({ ...row, id: copyId, templateId, workspaceId: to });
      versionCopies.set(id, copyId);
    }
  }
  const steps: Record<string, PlanStep> = {};
  for (const [id, step] of Object.entries(plan.steps)) {
    if (step.kind !== "email") {
      steps[id] = step;
      continue;
    }
    // A template missing from the workspace keeps an id no copy has: the send fails as it would live.
    // The topic stays: the caller points it at the topic's copy.
    const { templateVersionId, ...rest } = step;
    const versionCopy = templateVersionId ? versionCopies.get(templateVersionId) : undefined;
    steps[id] = {
      ...rest,
      templateId: copies.get(step.templateId) ?? randomUUID(),
      ...(versionCopy ? { templateVersionId: versionCopy } : {}),
    };
  }
  return { plan: { ...plan, steps }, sourceTemplateIds };
}

/** Stores one scripted event of the scratch contact, as already dispatched (no dispatcher ever sees it). */
export async function insertScratchEvent(
  db: Db,
  input: { workspaceId: string; userId: string; event: string; properties: Record<string, unknown>; timestamp: Date },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(events)
    .values({
      workspaceId: input.workspaceId,
      messageId: `test-run-${randomUUID()}`,
      type: "track",
      userId: input.userId,
      event: input.event,
      properties: input.properties,
      timestamp: input.timestamp,
      dispatchedAt: new Date(),
    })
    .returning({ id: events.id });
  return row as { id: string };
}

/** The scratch contact's events from `since` on, oldest first: what the script delivered. */
export async function findScratchEvents(
  db: Db,
  input: { workspaceId: string; userId: string; since: Date },
): Promise<Array<{ event: string | null; properties: Record<string, unknown>; timestamp: Date }>> {
  return db
    .select({ event: events.event, properties: events.properties, timestamp: events.timestamp })
    .from(events)
    .where(
      and(
        eq(events.workspaceId, input.workspaceId),
        eq(events.userId, input.userId),
        gte(events.timestamp, input.since),
      ),
    )
    .orderBy(asc(events.timestamp), asc(events.seq));
}

export async function deleteScratchWorkspace(db: Db, workspaceId: string): Promise<void> {
  await db
    .delete(workspaces)
    .where(and(eq(workspaces.id, workspaceId), like(workspaces.slug, `${SCRATCH_SLUG_PREFIX}%`)));
}

/** Scratch workspaces left by a worker that died mid-run (a run takes seconds; these are far older). */
export async function deleteStaleScratchWorkspaces(db: Db, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(workspaces)
    .where(and(like(workspaces.slug, `${SCRATCH_SLUG_PREFIX}%`), lt(workspaces.createdAt, olderThan)))
    .returning({ id: workspaces.id });
  return rows.length;
}
