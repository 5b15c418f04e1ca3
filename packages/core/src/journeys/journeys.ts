// Journey use cases behind the `journeys` router: list, read, create, save a draft, publish.
import type { Db } from "@mailstream/db/client";
import {
  findJourneyById,
  findJourneySummaries,
  findJourneyVersionById,
  findJourneyVersions,
  insertJourney,
  renameJourney,
  insertPublishedVersion,
  updateJourneyDraft,
} from "@mailstream/db/queries/journeys";
import { findSegmentIds } from "@mailstream/db/queries/segments";
import { findTemplateIds } from "@mailstream/db/queries/templates";
import { compileGraph } from "@mailstream/journey/compile";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { parseGraph } from "@mailstream/journey/parse";
import { validateGraph } from "@mailstream/journey/validate";
import { AppError, AppErrorCode } from "../errors/app-error";
import { GraphIssuesError } from "./graph-issues-error";
import { pinTemplateVersions } from "./pin-template-versions";

/** A new journey starts with just its trigger, placed where the canvas shows it first. */
export function createEmptyGraph(): JourneyGraph {
  return {
    nodes: [{ id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "", filters: [] } }],
    edges: [],
  };
}

function notFound(journeyId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Journey ${journeyId} does not exist in this workspace.`);
}

export function listJourneys(db: Db, workspaceId: string) {
  return findJourneySummaries(db, workspaceId);
}

export async function getJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw notFound(journeyId);
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

export async function createJourney(db: Db, workspaceId: string, name: string) {
  const journey = await insertJourney(db, { workspaceId, name, draft: createEmptyGraph() });
  return { id: journey.id, name: journey.name, status: journey.status, draft: journey.draft };
}

export async function renameJourneyById(db: Db, workspaceId: string, journeyId: string, name: string) {
  const journey = await renameJourney(db, workspaceId, journeyId, name);
  if (!journey) throw notFound(journeyId);
  return { id: journey.id, name: journey.name };
}

async function validationContext(db: Db, workspaceId: string) {
  return { templateIds: new Set(await findTemplateIds(db, workspaceId)), segmentIds: new Set(await findSegmentIds(db, workspaceId)) };
}

/** The graph's shape, or a GraphIssuesError naming each node whose fields are wrong (parse.ts). */
function parseGraphOrThrow(input: unknown, verb: string): JourneyGraph {
  const parsed = parseGraph(input);
  if (!parsed.ok) throw new GraphIssuesError(parsed.issues, verb);
  return parsed.graph;
}

/** Saves whatever the editor has — drafts may be incomplete — and reports what publish would reject. */
export async function saveJourneyDraft(db: Db, workspaceId: string, journeyId: string, input: unknown) {
  const graph = parseGraphOrThrow(input, "saved");
  const saved = await updateJourneyDraft(db, workspaceId, journeyId, graph);
  if (!saved) throw notFound(journeyId);
  const issues = validateGraph(graph, await validationContext(db, workspaceId));
  return { updatedAt: saved.updatedAt, issues };
}

/**
 * Validates and compiles the draft (or `graph`, which is saved as the draft) and makes the
 * result the live version. Nothing is written when the graph has problems.
 */
export async function publishJourney(db: Db, workspaceId: string, journeyId: string, input?: unknown) {
  const graph = input === undefined ? undefined : parseGraphOrThrow(input, "published");
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw notFound(journeyId);
  if (journey.status === "archived") {
    throw new AppError(AppErrorCode.PRECONDITION_FAILED, `Journey ${journeyId} is archived; archived journeys cannot be published.`);
  }
  const toPublish = graph ?? journey.draft;
  const ctx = await validationContext(db, workspaceId);
  const compiled = compileGraph(toPublish, ctx);
  if (!compiled.ok) {
    // Keep the editor's latest drawing even though it cannot go live yet.
    if (graph) await updateJourneyDraft(db, workspaceId, journeyId, graph);
    throw new GraphIssuesError(compiled.issues);
  }
  // Freeze the templates the plan sends: later template edits reach it only on re-publish.
  const plan = await pinTemplateVersions(db, workspaceId, compiled.plan);
  const version = await insertPublishedVersion(db, { workspaceId, journeyId, graph: toPublish, plan });
  if (!version) throw notFound(journeyId);
  return { versionId: version.id, version: version.version, publishedAt: version.publishedAt };
}
