// Every workflow the `journeys` task queue runs (the single `workflowsPath`): journey runs and broadcast sends.
export { journeyRun } from "./journey-run";
export { broadcastSend } from "./broadcast-send";
export { journeyTestRun, journeyTestScript, type TestRunActivities } from "./journey-test";
