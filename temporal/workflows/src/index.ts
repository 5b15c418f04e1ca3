// Every workflow the `journeys` task queue runs (the single `workflowsPath`).
export { journeyRun } from "./journey-run";
