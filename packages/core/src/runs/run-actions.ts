// Acting on runs from the drill-down: end them, continue them now (skip the wait they are in),
// or move them to another step of the version they are on. Everything is checked before
// anything is signalled — the runs are at the step, the step can be skipped, the target is a
// step of each run's plan — so a refused request changes nothing. Each run then gets the
// runControl signal (its workflow applies it and writes it to the step log; a repeat is
// harmless) and one audit row, committed only once the signal went out.
import { randomUUID } from "node:crypto";
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { endRunWithoutWorkflow } from "@mailstream/db/queries/run-admin";
import { findVersionGraphs } from "@mailstream/db/queries/run-views";
import {
  countRunsAtStep,
  findChosenRunsAtStep,
  findRunsToActAtStep,
  type RunToAct,
} from "@mailstream/db/queries/runs-at-step";
import type { Plan } from "@mailstream/journey/plan";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { runControlSignal, type RunControl, type RunControlAction } from "@mailstream/temporal-contracts";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { requireJourney } from "./runs-at-step";

/** "All matching" acts on at most this many runs at once; past it the person narrows the search. */
export const MAX_RUNS_PER_ACTION = 500;
const WAIT_KINDS = new Set(["wait", "wait_until_time", "wait_until_date", "wait_until_best_time", "wait_until_event"]);
/** Signals in flight at once: enough to act on hundreds in seconds, few enough to spare Temporal. */
const SIGNAL_CONCURRENCY = 8;

export interface RunActionInput {
  journeyId: string;
  /** The step the person saw the runs at: only runs still there are acted on. */
  nodeId: string;
  action: RunControlAction;
  /** `move` only. */
  toNodeId?: string | undefined;
  /** Either the runs picked one by one, or every run at the step matching the search. */
  runIds?: string[] | undefined;
  allMatching?: { search?: string | undefined; versionId?: string | undefined; confirmedCount: number } | undefined;
}

function invalid(message: string, path: string): AppError {
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

async function chooseRuns(db: Db, workspaceId: string, input: RunActionInput): Promise<RunToAct[]> {
  const step = { journeyId: input.journeyId, nodeId: input.nodeId };
  if (input.runIds !== undefined && input.allMatching !== undefined)
    throw invalid("Give either runIds or allMatching, not both.", "runIds");
  if (input.runIds !== undefined) {
    if (input.runIds.length > MAX_RUNS_PER_ACTION)
      throw new AppError(AppErrorCode.LIMIT_EXCEEDED, `At most ${MAX_RUNS_PER_ACTION} runs at once.`);
    return findChosenRunsAtStep(db, workspaceId, step, input.runIds);
  }
  if (input.allMatching === undefined) throw invalid("Choose runs (runIds) or all matching (allMatching).", "runIds");
  const filter = { ...step, search: input.allMatching.search, versionId: input.allMatching.versionId };
  const total = await countRunsAtStep(db, workspaceId, filter);
  if (total > MAX_RUNS_PER_ACTION)
    throw new AppError(
      AppErrorCode.LIMIT_EXCEEDED,
      `${total} contacts match; at most ${MAX_RUNS_PER_ACTION} at once. Narrow the search or pick contacts.`,
    );
  // More than the person confirmed: contacts arrived since they looked, and they did not agree to those.
  if (total > input.allMatching.confirmedCount)
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `${total} contacts match now, more than the ${input.allMatching.confirmedCount} you confirmed. Look again and confirm.`,
    );
  return findRunsToActAtStep(db, workspaceId, filter, MAX_RUNS_PER_ACTION);
}

/** Refuses an action that makes no sense on the plan a run is pinned to, before anything is signalled. */
function checkAgainstVersion(input: RunActionInput, version: { graph: JourneyGraph; plan: Plan }, label: string) {
  const here = version.plan.steps[input.nodeId];
  if (input.action === "continue" && (!here || !WAIT_KINDS.has(here.kind)))
    throw invalid(`"Continue now" skips a wait; step ${input.nodeId} of ${label} is not a wait.`, "nodeId");
  if (input.action !== "move") return;
  const to = input.toNodeId;
  if (!to) throw invalid("Moving needs the step to move to (toNodeId).", "toNodeId");
  if (to === input.nodeId) throw invalid("The runs are already at that step.", "toNodeId");
  const node = version.graph.nodes.find((candidate) => candidate.id === to);
  if (node?.data.kind === "trigger")
    throw invalid(`Step ${to} is the trigger: a run cannot move back to its entry.`, "toNodeId");
  if (!version.plan.steps[to])
    throw invalid(`Step ${to} is not a step of ${label} (a note, or not connected).`, "toNodeId");
}

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map(each));
}

/**
 * Signals each chosen run. Returns how many were signalled and how many were no longer at the
 * step (they moved on or ended while the person looked): those are left alone.
 */
export async function actOnRuns(
  deps: { db: Db; temporal: () => Promise<Client> },
  workspaceId: string,
  input: RunActionInput,
  audit?: AuditContext | null,
) {
  const { db } = deps;
  const journey = await requireJourney(db, workspaceId, input.journeyId);
  if (input.action !== "move" && input.toNodeId !== undefined)
    throw invalid("toNodeId is only for moving runs.", "toNodeId");
  const runs = await chooseRuns(db, workspaceId, input);
  const versions = await findVersionGraphs(db, [...new Set(runs.map((run) => run.versionId))]);
  for (const [versionId, version] of versions) checkAgainstVersion(input, version, `version ${versionId}`);
  if (runs.length === 0) {
    const requested = input.runIds?.length ?? 0;
    return { signalled: 0, notAtStep: requested, actionId: null };
  }

  const temporal = await deps.temporal();
  const actionId = randomUUID();
  const auditAction = input.action === "end" ? "run.end" : input.action === "continue" ? "run.continue" : "run.move";
  let signalled = 0;
  await inBatches(runs, SIGNAL_CONCURRENCY, async (run) => {
    const control: RunControl = {
      // One id per run: the workflow drops a repeat of this very signal.
      actionId: `${actionId}:${run.id}`,
      action: input.action,
      atStepId: input.nodeId,
      ...(input.action === "move" && input.toNodeId ? { toStepId: input.toNodeId } : {}),
      ...(audit ? { by: audit.actor.label } : {}),
    };
    await db.transaction(async (tx) => {
      await recordAudit(tx, {
        context: audit,
        action: auditAction,
        target: { type: "run", id: run.id, label: journey.name },
        // Step ids, not people's data: where the run was and where it was sent.
        changes:
          input.action === "move"
            ? { fields: ["step"], before: { step: input.nodeId }, after: { step: input.toNodeId } }
            : { fields: ["status"], before: { step: input.nodeId } },
      });
      try {
        await temporal.workflow.getHandle(run.workflowId).signal(runControlSignal, control);
        signalled++;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        // No workflow behind the row (never started, or lost): only ending it means anything.
        if (input.action === "end" && (await endRunWithoutWorkflow(tx, run.id, "ended by hand"))) signalled++;
      }
    });
  });
  const requested = input.runIds?.length ?? runs.length;
  return { signalled, notAtStep: Math.max(0, requested - runs.length), actionId };
}
