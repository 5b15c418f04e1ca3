// The review a republish over a live version with active runs opens: where the live version's
// runs wait now (journey_runs.current_node_id), which step of the new version each step maps to
// by default, and the steps a waiting contact may be moved to. `resolveMigrationMapping` turns
// the marketer's choices into the mapping every run's signal carries, or refuses them — naming
// the step — before anything is written or sent.
import type { Db } from "@mailstream/db/client";
import { findJourneyById } from "@mailstream/db/queries/journeys";
import { countWaitingRunsByStep, findVersionWithPlan } from "@mailstream/db/queries/run-migrations";
import type { RunMigrationMapping } from "@mailstream/db/schema";
import { findTemplateNames } from "@mailstream/db/queries/run-views";
import { compileGraph } from "@mailstream/journey/compile";
import { nameStep } from "@mailstream/journey/run-path";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { stepSuccessors, type Plan, type PlanStep, type PlanStepKind } from "@mailstream/journey/plan";
import { AppError, AppErrorCode, type AppErrorIssue } from "../errors/app-error";
import { GraphIssuesError } from "./graph-issues-error";
import { journeyNotFound, loadValidationContext, parseGraphOrThrow } from "./journeys";
import { loadPinnedVersions } from "../runs/run-view";

/** Step kinds a contact can wait at, so a moved run can land there: waits and (deferred) sends. */
export const HOLDING_KINDS: readonly PlanStepKind[] = [
  "wait",
  "wait_until_time",
  "wait_until_date",
  "wait_until_best_time",
  "wait_until_event",
  "email",
];

/** The marketer's choice for one old step: a step of the new version, or end the runs there. */
export type MigrationChoice = { to: string } | { end: true };

export interface ReviewStep {
  stepId: string;
  kind: PlanStepKind;
  /** How the canvas and run views name it ("Wait · 1 day", "Email · "Welcome""). */
  label: string;
  /** Active runs of the live version on this step now. */
  waiting: number;
  /** The same id is a step of the same kind in the new version: its runs go there unless told otherwise. */
  defaultTarget: string | null;
}

export interface RepublishReview {
  liveVersion: { id: string; version: number } | null;
  /** Active runs of the live version (the ones a "move" would signal). */
  activeRuns: number;
  /** Runs not yet on a step of the plan (just entered): they act at the step they reach. */
  entering: number;
  /** Every step of the live version, in plan order, with its waiting count. */
  steps: ReviewStep[];
  /** Steps of the new version a waiting contact may be moved to. */
  targets: { stepId: string; kind: PlanStepKind; label: string }[];
}

function refused(issues: AppErrorIssue[]): AppError {
  const first = issues[0]?.message ?? "invalid mapping";
  return new AppError(AppErrorCode.INVALID_INPUT, `Nothing was published or moved: ${first}`, { issues });
}

/** The draft (or `graph`) compiled as publish would, for its step ids and kinds; refuses what publish refuses. */
async function compileNewPlan(
  db: Db,
  workspaceId: string,
  draft: JourneyGraph,
  graph: unknown,
): Promise<{ plan: Plan; graph: JourneyGraph }> {
  const toPublish = graph === undefined ? draft : parseGraphOrThrow(graph, "published");
  const compiled = compileGraph(toPublish, await loadValidationContext(db, workspaceId));
  if (!compiled.ok) throw new GraphIssuesError(compiled.issues);
  return { plan: compiled.plan, graph: toPublish };
}

/** Email node id → template name, for the new version's step names. */
async function draftTemplateNames(db: Db, workspaceId: string, plan: Plan): Promise<Map<string, string>> {
  const emails = Object.values(plan.steps).flatMap((step) => (step.kind === "email" ? [step] : []));
  const names = await findTemplateNames(db, workspaceId, {
    templateIds: emails.map((step) => step.templateId),
    templateVersionIds: [],
  });
  return new Map(
    emails.flatMap((step) =>
      names.templates.has(step.templateId) ? [[step.id, names.templates.get(step.templateId) as string]] : [],
    ),
  );
}

/** The plan's steps from its entry, breadth first (a stored plan's step record has no order of its own). */
function stepsInOrder(plan: Plan): PlanStep[] {
  const seen = new Set<string>();
  const ordered: PlanStep[] = [];
  const queue: (string | null)[] = [plan.entry];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const step = id === null ? undefined : plan.steps[id];
    if (!step || seen.has(step.id)) continue;
    seen.add(step.id);
    ordered.push(step);
    queue.push(...stepSuccessors(step));
  }
  const unreachable = Object.values(plan.steps).filter((step) => !seen.has(step.id));
  return [...ordered, ...unreachable.sort((a, b) => a.id.localeCompare(b.id))];
}

function defaultTarget(oldPlan: Plan, newPlan: Plan, stepId: string): string | null {
  const before = oldPlan.steps[stepId];
  const after = newPlan.steps[stepId];
  return before && after && before.kind === after.kind ? stepId : null;
}

/** The review for publishing `graph` (or the saved draft) over the live version. */
export async function reviewRepublish(
  db: Db,
  workspaceId: string,
  journeyId: string,
  graph?: unknown,
): Promise<RepublishReview> {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw journeyNotFound(journeyId);
  const next = await compileNewPlan(db, workspaceId, journey.draft, graph);
  const newPlan = next.plan;
  const newNames = await draftTemplateNames(db, workspaceId, newPlan);
  const targets = stepsInOrder(newPlan)
    .filter((step) => HOLDING_KINDS.includes(step.kind))
    .map((step) => ({
      stepId: step.id,
      kind: step.kind,
      label: nameStep(step.id, step.kind, next.graph, newNames),
    }));
  const live = journey.liveVersionId ? await findVersionWithPlan(db, journey.liveVersionId) : null;
  if (!live) return { liveVersion: null, activeRuns: 0, entering: 0, steps: [], targets };
  const counts = await countWaitingRunsByStep(db, journeyId, live.id);
  const pinned = (await loadPinnedVersions(db, workspaceId, [live.id])).get(live.id);
  const waitingAt = new Map(counts.map((row) => [row.stepId, row.count]));
  const steps = stepsInOrder(live.plan).map((step) => ({
    stepId: step.id,
    kind: step.kind,
    label: nameStep(step.id, step.kind, pinned?.graph, pinned?.templateNames ?? new Map()),
    waiting: waitingAt.get(step.id) ?? 0,
    defaultTarget: defaultTarget(live.plan, newPlan, step.id),
  }));
  const activeRuns = counts.reduce((sum, row) => sum + row.count, 0);
  const onSteps = steps.reduce((sum, step) => sum + step.waiting, 0);
  return {
    liveVersion: { id: live.id, version: live.version },
    activeRuns,
    entering: activeRuns - onSteps,
    steps,
    targets,
  };
}

/**
 * The mapping the runs are sent: each old step's explicit choice (checked: a step of the new
 * version that can hold a waiting contact), else the same step when it still exists with the
 * same kind. An old step with waiting contacts that no longer exists needs a choice. Steps
 * without either finish on the old version. Throws INVALID_INPUT naming every bad step.
 */
export function resolveMigrationMapping(
  oldPlan: Plan,
  newPlan: Plan,
  waitingAt: ReadonlyMap<string, number>,
  choices: Readonly<Record<string, MigrationChoice>>,
): RunMigrationMapping {
  const issues: AppErrorIssue[] = [];
  const mapping: RunMigrationMapping = {};
  for (const [stepId, choice] of Object.entries(choices)) {
    const path = `mapping.${stepId}`;
    if (!oldPlan.steps[stepId]) {
      issues.push({ path, message: `Step "${stepId}" is not a step of the live version.` });
      continue;
    }
    if ("end" in choice) {
      mapping[stepId] = { end: true };
      continue;
    }
    const target = newPlan.steps[choice.to];
    if (!target) {
      const isTrigger = choice.to === newPlan.trigger.nodeId;
      issues.push({
        path,
        message: isTrigger
          ? `Step "${stepId}" cannot move to the trigger "${choice.to}"; pick a wait or email step, or end.`
          : `Step "${stepId}" maps to "${choice.to}", which is not a step of the new version.`,
      });
      continue;
    }
    if (!HOLDING_KINDS.includes(target.kind)) {
      issues.push({
        path,
        message: `Step "${stepId}" maps to "${choice.to}" (kind: ${target.kind}), which cannot hold a waiting contact; pick a wait or email step, or end.`,
      });
      continue;
    }
    mapping[stepId] = { to: choice.to };
  }
  for (const stepId of Object.keys(oldPlan.steps)) {
    if (mapping[stepId] || choices[stepId]) continue;
    const same = defaultTarget(oldPlan, newPlan, stepId);
    if (same) mapping[stepId] = { to: same };
    else if ((waitingAt.get(stepId) ?? 0) > 0)
      issues.push({
        path: `mapping.${stepId}`,
        message: `Step "${stepId}" has waiting contacts and no longer exists in the new version; map it to a step or end.`,
      });
  }
  if (issues.length > 0) throw refused(issues);
  return mapping;
}
