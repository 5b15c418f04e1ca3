// Template versions: write-once snapshots taken at journey publish, and the lookups a send
// uses to find the version its run's plan pinned.
import { createHash } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import {
  journeyRuns,
  journeys,
  journeyVersions,
  templates,
  templateVersions,
  type TemplateSnapshot,
} from "../schema/index";

export type TemplateVersionRow = typeof templateVersions.$inferSelect;

/**
 * Stable hash of what a recipient gets: keys in a fixed order, so equal content hashes equal;
 * the template's name is left out (renaming it is not a new version).
 */
export function hashTemplateSnapshot(snapshot: TemplateSnapshot): string {
  const canonical: Omit<TemplateSnapshot, "name"> = {
    subject: snapshot.subject,
    preheader: snapshot.preheader,
    body: snapshot.body,
    blocks: snapshot.blocks,
    requiredVariables: snapshot.requiredVariables,
    fromAddress: snapshot.fromAddress,
    replyTo: snapshot.replyTo,
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/**
 * Returns the latest version when its content equals `snapshot`, else inserts version n+1.
 * The template row is locked so two concurrent publishes cannot both write version n+1.
 */
export async function insertTemplateVersionIfChanged(
  db: Db,
  workspaceId: string,
  templateId: string,
  snapshot: TemplateSnapshot,
): Promise<{ version: TemplateVersionRow; isNew: boolean }> {
  const contentHash = hashTemplateSnapshot(snapshot);
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: templates.id })
      .from(templates)
      .where(and(eq(templates.id, templateId), eq(templates.workspaceId, workspaceId)))
      .for("update");
    if (!locked) throw new Error(`Template ${templateId} does not exist in this workspace`);
    const [latest] = await tx
      .select()
      .from(templateVersions)
      .where(eq(templateVersions.templateId, templateId))
      .orderBy(desc(templateVersions.version))
      .limit(1);
    if (latest && latest.contentHash === contentHash) return { version: latest, isNew: false };
    const [inserted] = await tx
      .insert(templateVersions)
      .values({ workspaceId, templateId, version: (latest?.version ?? 0) + 1, contentHash, content: snapshot })
      .returning();
    if (!inserted) throw new Error("insert into template_versions returned no row");
    return { version: inserted, isNew: true };
  });
}

export async function findTemplateVersionById(
  db: Db,
  workspaceId: string,
  versionId: string,
): Promise<TemplateVersionRow | null> {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.id, versionId), eq(templateVersions.workspaceId, workspaceId)));
  return row ?? null;
}

/** Versions of one template, newest first (without content: the list view). */
export async function findTemplateVersions(db: Db, workspaceId: string, templateId: string) {
  return db
    .select({ id: templateVersions.id, version: templateVersions.version, createdAt: templateVersions.createdAt })
    .from(templateVersions)
    .where(and(eq(templateVersions.workspaceId, workspaceId), eq(templateVersions.templateId, templateId)))
    .orderBy(desc(templateVersions.version));
}

/** The journey version a run follows (null when the run is gone or predates versions): a cache key for its pins. */
export async function findRunJourneyVersionId(db: Db, workspaceId: string, runId: string): Promise<string | null> {
  const [row] = await db
    .select({ versionId: journeyRuns.versionId })
    .from(journeyRuns)
    .where(and(eq(journeyRuns.id, runId), eq(journeyRuns.workspaceId, workspaceId)));
  return row?.versionId ?? null;
}

/**
 * The template version each email node of a journey version pins (nodes without a pin are
 * absent). Takes the id from the workspace's own run row (findRunJourneyVersionId).
 */
export async function findJourneyVersionTemplatePins(
  db: Db,
  journeyVersionId: string,
): Promise<Map<string, string> | null> {
  const [row] = await db
    .select({ plan: journeyVersions.plan })
    .from(journeyVersions)
    .where(eq(journeyVersions.id, journeyVersionId));
  if (!row) return null;
  const pins = new Map<string, string>();
  for (const [nodeId, step] of Object.entries(row.plan.steps))
    if (step.kind === "email" && step.templateVersionId) pins.set(nodeId, step.templateVersionId);
  return pins;
}

/** The template versions the journey's live plan pins, per email node (for the canvas inspector). */
export async function findLivePinnedVersions(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<{ nodeId: string; templateId: string; versionId: string; version: number }[]> {
  const [row] = await db
    .select({ plan: journeyVersions.plan })
    .from(journeys)
    .innerJoin(journeyVersions, eq(journeyVersions.id, journeys.liveVersionId))
    .where(and(eq(journeys.id, journeyId), eq(journeys.workspaceId, workspaceId)));
  if (!row) return [];
  const pins = Object.values(row.plan.steps).flatMap((step) =>
    step.kind === "email" && step.templateVersionId
      ? [{ nodeId: step.id, templateId: step.templateId, versionId: step.templateVersionId }]
      : [],
  );
  if (pins.length === 0) return [];
  const versions = await db
    .select({ id: templateVersions.id, version: templateVersions.version })
    .from(templateVersions)
    .where(
      and(
        eq(templateVersions.workspaceId, workspaceId),
        inArray(
          templateVersions.id,
          pins.map((p) => p.versionId),
        ),
      ),
    );
  const numbers = new Map(versions.map((v) => [v.id, v.version]));
  return pins.flatMap((pin) => {
    const version = numbers.get(pin.versionId);
    return version === undefined ? [] : [{ ...pin, version }];
  });
}
