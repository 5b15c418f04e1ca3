// Who is at a step of a live journey now (the drill-down behind a canvas step and a metrics
// row): a page of the active runs there with the contact, how long they have stood there and,
// for a pause, when it ends — told by the one run-path computation, like every run view.
import type { Db } from "@mailstream/db/client";
import { InvalidCursorError } from "@mailstream/db/queries/contact-cursor";
import { findJourneyById } from "@mailstream/db/queries/journeys";
import { findLastRunSteps } from "@mailstream/db/queries/run-views";
import { countRunsAtStep, findRunsAtStep, type RunsAtStepFilter } from "@mailstream/db/queries/runs-at-step";
import { pauseEnd } from "@mailstream/journey/run-path";
import { AppError, AppErrorCode } from "../errors/app-error";

export async function requireJourney(db: Db, workspaceId: string, journeyId: string) {
  const journey = await findJourneyById(db, workspaceId, journeyId);
  if (!journey) throw new AppError(AppErrorCode.NOT_FOUND, `Journey ${journeyId} does not exist in this workspace.`);
  return journey;
}

export async function listRunsAtStep(
  db: Db,
  workspaceId: string,
  filter: RunsAtStepFilter & { cursor?: string | null | undefined; limit: number },
) {
  await requireJourney(db, workspaceId, filter.journeyId);
  // The panel shows the exact total and "Choose all N matching" confirms N, so the first page
  // counts, beside its read (a window count in the page's statement would read and sort every
  // matching row before the LIMIT, where the page stops after limit + 1 index rows). Later
  // pages only need "more or not", which limit + 1 answers: no count (total null).
  let page: Awaited<ReturnType<typeof findRunsAtStep>>;
  let total: number | null;
  try {
    [page, total] = await Promise.all([
      findRunsAtStep(db, workspaceId, filter),
      filter.cursor ? null : countRunsAtStep(db, workspaceId, filter),
    ]);
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new AppError(AppErrorCode.INVALID_INPUT, error.message, { cause: error });
    throw error;
  }
  const lastSteps = await findLastRunSteps(
    db,
    page.items.map((run) => run.id),
  );
  const items = page.items.map((run) => {
    const last = lastSteps.get(run.id);
    // The last step is the one the run stands at (its bookkeeping moved `current_node_id` with it).
    const isHere = last?.nodeId === filter.nodeId;
    return {
      ...run,
      atStepSince: isHere ? last.at : null,
      resumesAt: isHere ? pauseEnd(last) : null,
      waitingFor:
        isHere && typeof last.detail.event === "string" && last.outcome === "waiting" ? last.detail.event : null,
    };
  });
  return { items, nextCursor: page.nextCursor, total };
}
