// Test-only: a `journeyRun` whose first command differs from v1 (a timer instead of the
// trigger's recordStep). The replay test bundles it to prove the replay guard can fail.
import { sleep } from "@temporalio/workflow";

export async function journeyRun(): Promise<void> {
  await sleep(1);
}
