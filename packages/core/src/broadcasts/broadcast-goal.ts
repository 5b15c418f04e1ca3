// A broadcast's conversion goal, as the best products define it: a track event chosen on the
// broadcast, counted when it arrives for the recipient within the workspace's attribution window
// after their send (the window journeys credit their emails' conversions with). One goal per
// broadcast: a test judged on a goal names the same event, so the draft refuses two.
import type { Db } from "@mailstream/db/client";
import type { BroadcastGoal } from "@mailstream/db/queries/broadcast-conversions";
import type { BroadcastRow } from "@mailstream/db/queries/broadcasts";
import { findMetricSettings } from "@mailstream/db/queries/metrics-alerts";
import { AppError, AppErrorCode } from "../errors/app-error";
import type { BroadcastDraftInput } from "./broadcast-input";

const HOUR_MS = 3_600_000;

/** The goal a draft stores: the one typed, else the event a goal-judged test names. */
export function resolveDraftGoalEvent(input: Pick<BroadcastDraftInput, "goalEvent" | "abTest">): string | null {
  const testGoal = input.abTest?.metric === "goal_conversion" ? input.abTest.goalEvent : null;
  if (input.goalEvent && testGoal && input.goalEvent !== testGoal) {
    const message = `The test judges on "${testGoal}" but the broadcast's goal is "${input.goalEvent}"; a broadcast has one goal event.`;
    throw new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path: "goalEvent", message }] });
  }
  return input.goalEvent ?? testGoal;
}

/** The stored goal (broadcasts drafted before the column: the test's goal event, if any). */
export function broadcastGoalEvent(row: Pick<BroadcastRow, "goalEvent" | "abTest">): string | null {
  return row.goalEvent ?? row.abTest?.goal?.event ?? null;
}

/** The goal the funnel counts: the event within the workspace's attribution window; null without a goal. */
export async function findBroadcastGoal(
  db: Db,
  row: Pick<BroadcastRow, "workspaceId" | "goalEvent" | "abTest">,
): Promise<(BroadcastGoal & { windowHours: number }) | null> {
  const event = broadcastGoalEvent(row);
  if (!event) return null;
  const { attributionWindowHours } = await findMetricSettings(db, row.workspaceId);
  return { event, windowMs: attributionWindowHours * HOUR_MS, windowHours: attributionWindowHours };
}
