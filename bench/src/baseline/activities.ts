// No-op activities with the same Temporal shape as a journey run's: bookkeeping as local
// activities, the "send" as a regular activity on its own task queue.
export async function note(): Promise<void> {}

/** Returns when it ran (epoch ms): the baseline's "handed to the transport" moment. */
export async function deliver(): Promise<number> {
  return Date.now();
}
