// Every workflow the `journeys` task queue runs (the single `workflowsPath`).
export { journeyRun } from "./journey-run";
export { journeyTestRun, journeyTestScript, type TestRunActivities } from "./journey-test";
