// Journey runs behind the `runs` router: list (filter + keyset paging), inspect (run, the
// version it is pinned to, its step log) and end one from the UI.
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { findJourneyVersionById } from "@mailstream/db/queries/journeys";
import {
  endRunWithoutWorkflow,
  findRunInWorkspace,
  findRuns,
  findRunStepLog,
  InvalidCursorError,
  lockRunForEnd,
  type RunListFilter,
} from "@mailstream/db/queries/run-admin";
import { exitRunSignal } from "@mailstream/temporal-contracts";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { loadPinnedVersions, runPathOf, withCurrentSteps } from "./run-view";

export const UI_EXIT_REASON = "ended from the UI";

function notFound(runId: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, `Run ${runId} does not exist in this workspace.`);
}

export async function listRuns(db: Db, workspaceId: string, filter: RunListFilter) {
  try {
    const page = await findRuns(db, workspaceId, filter);
    return { items: await withCurrentSteps(db, workspaceId, page.items), nextCursor: page.nextCursor };
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new AppError(AppErrorCode.INVALID_INPUT, error.message, { cause: error });
    throw error;
  }
}

export async function getRun(db: Db, workspaceId: string, runId: string) {
  const run = await findRunInWorkspace(db, workspaceId, runId);
  if (!run) throw notFound(runId);
  const version = await findJourneyVersionById(db, run.versionId);
  if (!version) throw new Error(`run ${runId} points at missing version ${run.versionId}`);
  const [steps, pinned] = await Promise.all([
    findRunStepLog(db, runId),
    loadPinnedVersions(db, workspaceId, [version.id]),
  ]);
  // Named from the graph the run is walking (not the draft) and the templates it pinned.
  const path = runPathOf(run, steps, pinned.get(version.id));
  return {
    run,
    version: { id: version.id, version: version.version, publishedAt: version.publishedAt, graph: version.graph },
    steps: path.steps,
    position: path.position,
  };
}

/**
 * Asks the run's workflow to exit (it records the reason and ends the run row itself). A run
 * whose workflow does not exist — inserted but never started, or lost — is ended here; the
 * row lock keeps a concurrent start from slipping in between (see lockRunForEnd).
 * Repeating it while the workflow is still ending is harmless (the first reason stays);
 * a run that already finished is a clear error.
 */
export async function endRun(
  deps: { db: Db; temporal: () => Promise<Client> },
  workspaceId: string,
  runId: string,
  reason?: string,
  audit?: AuditContext | null,
) {
  const run = await findRunInWorkspace(deps.db, workspaceId, runId);
  if (!run) throw notFound(runId);
  const temporal = await deps.temporal();
  const exitReason = reason?.trim() || UI_EXIT_REASON;
  return deps.db.transaction(async (tx) => {
    const locked = await lockRunForEnd(tx, runId);
    if (!locked) throw notFound(runId);
    if (locked.status !== "active") {
      throw new AppError(
        AppErrorCode.PRECONDITION_FAILED,
        `Run ${runId} already ended (${locked.status}); there is nothing to end.`,
      );
    }
    // The reason is what the person typed: named, not copied.
    await recordAudit(tx, {
      context: audit,
      action: "run.end",
      target: { type: "run", id: runId },
      changes: { fields: ["status", "reason"] },
    });
    try {
      await temporal.workflow.getHandle(locked.workflowId).signal(exitRunSignal, { reason: exitReason });
      return { runId, status: "ending" as const, reason: exitReason };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      await endRunWithoutWorkflow(tx, runId, exitReason);
      return { runId, status: "exited" as const, reason: exitReason };
    }
  });
}
