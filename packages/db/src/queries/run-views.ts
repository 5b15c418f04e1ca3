// What the run views read besides the runs themselves: the graph and plan of the versions
// the runs are pinned to, the names of the templates those versions send (the snapshot pinned
// at publish, else the template's current name), and each run's last recorded step.
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { Plan } from "@mailstream/journey/plan";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { journeyVersions, runSteps, templates, templateVersions } from "../schema/index";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids a plan may hold that are not UUIDs cannot name a row; asking Postgres would be a cast error. */
function uuids(ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => UUID.test(id));
}

export async function findVersionGraphs(
  db: Db,
  versionIds: readonly string[],
): Promise<Map<string, { graph: JourneyGraph; plan: Plan }>> {
  const ids = uuids(versionIds);
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: journeyVersions.id, graph: journeyVersions.graph, plan: journeyVersions.plan })
    .from(journeyVersions)
    .where(inArray(journeyVersions.id, ids));
  return new Map(rows.map((row) => [row.id, { graph: row.graph, plan: row.plan }]));
}

/** Names of template versions and templates of the workspace, by id (absent: deleted). */
export async function findTemplateNames(
  db: Db,
  workspaceId: string,
  refs: { templateIds: Iterable<string>; templateVersionIds: Iterable<string> },
): Promise<{ versions: Map<string, string>; templates: Map<string, string> }> {
  const versionIds = uuids(refs.templateVersionIds);
  const templateIds = uuids(refs.templateIds);
  const [versionRows, templateRows] = await Promise.all([
    versionIds.length === 0
      ? []
      : db
          .select({ id: templateVersions.id, name: sql<string>`${templateVersions.content}->>'name'` })
          .from(templateVersions)
          .where(and(eq(templateVersions.workspaceId, workspaceId), inArray(templateVersions.id, versionIds))),
    templateIds.length === 0
      ? []
      : db
          .select({ id: templates.id, name: templates.name })
          .from(templates)
          .where(and(eq(templates.workspaceId, workspaceId), inArray(templates.id, templateIds))),
  ]);
  return {
    versions: new Map(versionRows.filter((row) => row.name).map((row) => [row.id, row.name])),
    templates: new Map(templateRows.map((row) => [row.id, row.name])),
  };
}

export interface LastRunStep {
  seq: number;
  nodeId: string;
  kind: string;
  outcome: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** The last recorded step of each run (highest seq), by run id. */
export async function findLastRunSteps(db: Db, runIds: readonly string[]): Promise<Map<string, LastRunStep>> {
  const ids = uuids(runIds);
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([runSteps.runId], {
      runId: runSteps.runId,
      seq: runSteps.seq,
      nodeId: runSteps.nodeId,
      kind: runSteps.kind,
      outcome: runSteps.outcome,
      detail: runSteps.detail,
      at: runSteps.at,
    })
    .from(runSteps)
    .where(inArray(runSteps.runId, ids))
    .orderBy(runSteps.runId, desc(runSteps.seq));
  return new Map(rows.map(({ runId, ...step }) => [runId, step]));
}
