// Publishing a journey: the editor's Publish button and the demo seed both go through here.
// The graph is parsed (parse.ts names a bad field by its node), validated and compiled; the
// templates its email steps send are frozen (pin-template-versions.ts) once every step's From is
// a declared sender (senders/publish-senders.ts); the plan becomes the
// live version. Nothing is written when the graph has problems, except the drawing itself,
// kept as the draft so the editor does not lose it.
import type { Db, Tx } from "@mailstream/db/client";
import {
  findJourneyById,
  insertPublishedVersion,
  JourneyArchivedError,
  updateJourneyDraft,
} from "@mailstream/db/queries/journeys";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { GraphIssuesError } from "./graph-issues-error";
import { journeyNotFound, loadValidationContext, parseGraphOrThrow } from "./journeys";
import { pinTemplateVersions } from "./pin-template-versions";
import { findUndeclaredSenders } from "../senders/publish-senders";

export interface PublishJourneyOptions {
  db: Db;
  workspaceId: string;
  journeyId: string;
  /** Untrusted graph to save as the draft and publish; absent: the saved draft. */
  graph?: unknown;
  /** Who publishes (null: the demo seed, a system change). */
  audit?: AuditContext | null | undefined;
  /** Republish with "move" (migrate-runs.ts): checks the new plan before anything is written, records in the publish's transaction. */
  migration?: PublishMigration | undefined;
}

export interface PublishMigration {
  /** Throws (nothing written) when the runs cannot move to `plan`. */
  check(plan: Plan): Promise<void>;
  record(tx: Tx, published: { versionId: string; version: number }): Promise<void>;
}

function archived(journeyId: string): AppError {
  return new AppError(
    AppErrorCode.PRECONDITION_FAILED,
    `Journey ${journeyId} is archived; archived journeys cannot be published.`,
  );
}

/**
 * Validates and compiles the draft (or `graph`, which is saved as the draft) and makes the
 * result the live version. Nothing is written when the graph has problems.
 */
export async function publishJourney({
  db,
  workspaceId,
  journeyId,
  graph: input,
  audit,
  migration,
}: PublishJourneyOptions) {
  const graph = input === undefined ? undefined : parseGraphOrThrow(input, "published");
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  if (journey.status === "archived") {
    throw archived(journeyId);
  }
  const toPublish = graph ?? journey.draft;
  const ctx = await loadValidationContext(db, workspaceId);
  const compiled = compileGraph(toPublish, ctx);
  const issues = compiled.ok ? await findUndeclaredSenders(db, workspaceId, toPublish, compiled.plan) : compiled.issues;
  if (!compiled.ok || issues.length > 0) {
    // Keep the editor's latest drawing even though it cannot go live yet.
    if (graph) await updateJourneyDraft(db, workspaceId, journeyId, graph);
    throw new GraphIssuesError(issues);
  }
  await migration?.check(compiled.plan);
  // Freeze the templates the plan sends: later template edits reach it only on re-publish.
  const plan = await pinTemplateVersions(db, workspaceId, compiled.plan);
  const version = await db
    .transaction(async (tx) => {
      const inserted = await insertPublishedVersion(tx, { workspaceId, journeyId, graph: toPublish, plan });
      if (!inserted) throw journeyNotFound(journeyId);
      await recordAudit(tx, {
        context: audit,
        action: "journey.publish",
        target: { type: "journey", id: journeyId, label: journey.name },
        changes: { fields: ["liveVersion"], after: { version: inserted.version } },
      });
      await migration?.record(tx, { versionId: inserted.id, version: inserted.version });
      return inserted;
    })
    .catch((error: unknown) => {
      // Archived between the check above and the version's row lock.
      if (error instanceof JourneyArchivedError) throw archived(journeyId);
      throw error;
    });
  return { versionId: version.id, version: version.version, publishedAt: version.publishedAt };
}
