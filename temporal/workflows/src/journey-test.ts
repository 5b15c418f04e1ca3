// The two workflows of a test run (contracts/src/test-runs.ts). Neither interprets a plan:
// that is journeyRun's alone. `journeyTestRun` runs on the real server and hands the test to
// the worker's `runJourneyTest` activity; `journeyTestScript` runs beside the journeyRun on
// the time-skipping server and signals each scripted event when its virtual time comes.
import { getExternalWorkflowHandle, proxyActivities, sleep } from "@temporalio/workflow";
import { eventReceivedSignal, type EventReceived } from "@mailstream/temporal-contracts";
import type {
  JourneyTestRunInput,
  JourneyTestRunResult,
  JourneyTestScriptInput,
} from "@mailstream/temporal-contracts/test-runs";

/** The worker-side activities of a test run (temporal/worker/src/test-run/). */
export interface TestRunActivities {
  runJourneyTest(input: JourneyTestRunInput): Promise<JourneyTestRunResult>;
  storeScriptedEvent(input: {
    runWorkflowId: string;
    event: string;
    properties: Record<string, unknown>;
    timestamp: string;
  }): Promise<EventReceived | null>;
}

const { runJourneyTest } = proxyActivities<TestRunActivities>({
  startToCloseTimeout: "2 minutes",
  // A test someone waits for: a failure is shown, not retried behind their back.
  retry: { maximumAttempts: 1 },
});

export async function journeyTestRun(input: JourneyTestRunInput): Promise<JourneyTestRunResult> {
  return runJourneyTest(input);
}

const { storeScriptedEvent } = proxyActivities<TestRunActivities>({
  startToCloseTimeout: "30 seconds",
  retry: { maximumAttempts: 3 },
});

export async function journeyTestScript(input: JourneyTestScriptInput): Promise<void> {
  const run = getExternalWorkflowHandle(input.runWorkflowId);
  for (const scripted of input.events) {
    const due = input.startedAt + scripted.atMs - Date.now();
    if (due > 0) await sleep(due);
    const received = await storeScriptedEvent({
      runWorkflowId: input.runWorkflowId,
      event: scripted.event,
      properties: scripted.properties,
      timestamp: new Date(Date.now()).toISOString(),
    });
    if (!received) return;
    try {
      await run.signal(eventReceivedSignal, received);
    } catch {
      return; // the run ended before this event: nothing more to deliver
    }
  }
}
