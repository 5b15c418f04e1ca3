// Every workflow the `journeys` task queue runs.
export {};
