// The raw Temporal baseline: what a trigger → email → exit run costs Temporal alone, with
// no database, rendering or dispatcher in the way.
import { proxyActivities, proxyLocalActivities } from "@temporalio/workflow";
import type * as activities from "./activities";

const { note } = proxyLocalActivities<typeof activities>({ startToCloseTimeout: "30 seconds" });

export async function baselineRun(input: { sendQueue: string }): Promise<number> {
  const { deliver } = proxyActivities<typeof activities>({
    taskQueue: input.sendQueue,
    startToCloseTimeout: "1 minute",
  });
  await note();
  const deliveredAt = await deliver();
  await note();
  return deliveredAt;
}
