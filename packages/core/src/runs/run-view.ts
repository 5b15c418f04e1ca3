// Feeds the one run-path computation (@mailstream/journey/run-path) with what it reads from
// Postgres: the graph of the version each run is pinned to and the names of the templates
// that version sends. The run inspector, the runs list and the contact profile all go
// through here, so a step is named and a run's state is told the same way everywhere.
import type { Db } from "@mailstream/db/client";
import { findLastRunSteps, findTemplateNames, findVersionGraphs } from "@mailstream/db/queries/run-views";
import type { Plan } from "@mailstream/journey/plan";
import {
  buildRunPath,
  type RecordedStep,
  type RunFacts,
  type RunPath,
  type RunPosition,
  type TemplateNames,
} from "@mailstream/journey/run-path";
import type { JourneyGraph } from "@mailstream/journey/schema";

interface PinnedVersion {
  graph: JourneyGraph;
  templateNames: TemplateNames;
}

type EmailRef = { nodeId: string; templateId: string; templateVersionId: string | undefined };

function emailRefs(plan: Plan): EmailRef[] {
  return Object.values(plan.steps ?? {}).flatMap((step) =>
    step.kind === "email"
      ? [{ nodeId: step.id, templateId: step.templateId, templateVersionId: step.templateVersionId }]
      : [],
  );
}

/** The graphs of these versions and, per version, email node id → template name (pinned snapshot first). */
export async function loadPinnedVersions(
  db: Db,
  workspaceId: string,
  versionIds: readonly string[],
): Promise<Map<string, PinnedVersion>> {
  const versions = await findVersionGraphs(db, versionIds);
  const refs = new Map([...versions].map(([id, { plan }]) => [id, emailRefs(plan)]));
  const all = [...refs.values()].flat();
  const names = await findTemplateNames(db, workspaceId, {
    templateIds: all.map((ref) => ref.templateId),
    templateVersionIds: all.flatMap((ref) => (ref.templateVersionId ? [ref.templateVersionId] : [])),
  });
  const pinned = new Map<string, PinnedVersion>();
  for (const [id, { graph }] of versions) {
    const templateNames = new Map<string, string>();
    for (const ref of refs.get(id) ?? []) {
      const name =
        (ref.templateVersionId ? names.versions.get(ref.templateVersionId) : undefined) ??
        names.templates.get(ref.templateId);
      if (name) templateNames.set(ref.nodeId, name);
    }
    pinned.set(id, { graph, templateNames });
  }
  return pinned;
}

/** One run's full path, from its step log and pinned version. */
export function runPathOf(run: RunFacts, steps: readonly RecordedStep[], version: PinnedVersion | undefined): RunPath {
  return buildRunPath(run, steps, version?.graph, version?.templateNames ?? new Map());
}

/** Adds `currentStep` (named, with when a pause ends; null once finished) to each run of a list. */
export async function withCurrentSteps<T extends RunFacts & { id: string; versionId: string }>(
  db: Db,
  workspaceId: string,
  runs: readonly T[],
): Promise<(T & { currentStep: RunPosition | null })[]> {
  const active = runs.filter((run) => run.status === "active");
  if (active.length === 0) return runs.map((run) => ({ ...run, currentStep: null }));
  const [lastSteps, versions] = await Promise.all([
    findLastRunSteps(
      db,
      active.map((run) => run.id),
    ),
    loadPinnedVersions(db, workspaceId, [...new Set(active.map((run) => run.versionId))]),
  ]);
  return runs.map((run) => {
    const last = lastSteps.get(run.id);
    const position = last ? runPathOf(run, [last], versions.get(run.versionId)).position : null;
    return { ...run, currentStep: position };
  });
}
