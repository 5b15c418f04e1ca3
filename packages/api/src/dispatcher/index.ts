// Public surface of the dispatcher (the process entry is main.ts).
export { runDispatcher, type RunDispatcherOptions } from "./run-dispatcher";
export { dispatchBatch, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, type BatchResult, type DispatchOptions } from "./dispatch-batch";
