// Journey use cases behind the `journeys` router: list, read, create, rename, save a draft
// (publishing is publish-journey.ts; search, tags, duplicate and delete are journey-list.ts).
import type { Db } from "@mailstream/db/client";
import {
  findJourneyById,
  findJourneySummaries,
  findJourneyVersionById,
  findJourneyVersions,
  insertJourney,
  renameJourney,
  updateJourneyDraft,
} from "@mailstream/db/queries/journeys";
import { findSegmentIds } from "@mailstream/db/queries/segments";
import { findTemplateIds } from "@mailstream/db/queries/templates";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { parseGraph } from "@mailstream/journey/parse";
import { validateGraph } from "@mailstream/journey/validate";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { requireName } from "../lists/names";
import { GraphIssuesError } from "./graph-issues-error";

/** A new journey starts with just its trigger, placed where the canvas shows it first. */
export function createEmptyGraph(): JourneyGraph {
  return {
    nodes: [{ id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "", filters: [] } }],
    edges: [],
  };
}

export function journeyNotFound(journeyId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Journey ${journeyId} does not exist in this workspace.`);
}

export function listJourneys(db: Db, workspaceId: string) {
  return findJourneySummaries(db, workspaceId);
}

export async function getJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  const versions = await findJourneyVersions(db, journeyId);
  // The metrics page labels nodes from the graph that is actually running, not the draft.
  const live = journey.liveVersionId ? await findJourneyVersionById(db, journey.liveVersionId) : null;
  return {
    id: journey.id,
    name: journey.name,
    status: journey.status,
    draft: journey.draft,
    liveVersionId: journey.liveVersionId,
    liveVersion: live?.version ?? null,
    liveGraph: live?.graph ?? null,
    versions,
    createdAt: journey.createdAt,
    updatedAt: journey.updatedAt,
  };
}

export async function createJourney(db: Db, workspaceId: string, name: string, audit?: AuditContext | null) {
  return db.transaction(async (tx) => {
    const journey = await insertJourney(tx, {
      workspaceId,
      name: requireName(name, "journey"),
      draft: createEmptyGraph(),
    });
    await recordAudit(tx, {
      context: audit,
      action: "journey.create",
      target: { type: "journey", id: journey.id, label: journey.name },
    });
    return { id: journey.id, name: journey.name, status: journey.status, draft: journey.draft };
  });
}

export async function renameJourneyById(
  db: Db,
  workspaceId: string,
  journeyId: string,
  name: string,
  audit?: AuditContext | null,
) {
  return db.transaction(async (tx) => {
    const before = await findJourneyById(tx, workspaceId, journeyId);
    const journey = await renameJourney(tx, workspaceId, journeyId, requireName(name, "journey"));
    if (!before || !journey) throw journeyNotFound(journeyId);
    await recordAudit(tx, {
      context: audit,
      action: "journey.rename",
      target: { type: "journey", id: journey.id, label: journey.name },
      changes: { fields: ["name"], before: { name: before.name }, after: { name: journey.name } },
    });
    return { id: journey.id, name: journey.name };
  });
}

export async function loadValidationContext(db: Db, workspaceId: string) {
  return {
    templateIds: new Set(await findTemplateIds(db, workspaceId)),
    segmentIds: new Set(await findSegmentIds(db, workspaceId)),
  };
}

/** The graph's shape, or a GraphIssuesError naming each node whose fields are wrong (parse.ts). */
export function parseGraphOrThrow(input: unknown, verb: string): JourneyGraph {
  const parsed = parseGraph(input);
  if (!parsed.ok) throw new GraphIssuesError(parsed.issues, verb);
  return parsed.graph;
}

/** Saves whatever the editor has — drafts may be incomplete — and reports what publish would reject. */
export async function saveJourneyDraft(
  db: Db,
  workspaceId: string,
  journeyId: string,
  input: unknown,
  audit?: AuditContext | null,
) {
  const graph = parseGraphOrThrow(input, "saved");
  const saved = await db.transaction(async (tx) => {
    const row = await updateJourneyDraft(tx, workspaceId, journeyId, graph);
    if (!row) throw journeyNotFound(journeyId);
    await recordAudit(tx, {
      context: audit,
      action: "journey.save_draft",
      target: { type: "journey", id: journeyId, label: row.name },
      changes: { fields: ["draft"] },
    });
    return row;
  });
  const issues = validateGraph(graph, await loadValidationContext(db, workspaceId));
  return { updatedAt: saved.updatedAt, issues };
}
