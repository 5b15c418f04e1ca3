// A hand-off transaction that Postgres aborts as a whole (deadlock_detected,
// serialization_failure) is run again at once, because the alternative is worse: the activity's
// retry would find the row still queued and hand the email to the transport a second time.
// Callers keep the transport's receipt across attempts (the email was handed over once; only its
// record is written again). The journey rollups that every send of a journey bumps no longer
// deadlock (migration 0041: one sorted statement at COMMIT); this is the net for any other abort.
// It cannot help when the attempt itself dies between the hand-off and the COMMIT (a killed
// worker, a lost connection): the row stays queued and the activity's retry hands it over again
// (under the row's own Idempotency-Key for Resend, which answers a repeat without sending); the
// fault drill's kills cover that case.
import { sqlStateOf } from "../errors/is-unavailable";

/** deadlock_detected, serialization_failure: nothing of the transaction was kept. */
const ABORTED_TRANSACTION_STATES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;

export async function retryAbortedTransaction<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !ABORTED_TRANSACTION_STATES.has(sqlStateOf(error) ?? "")) throw error;
    }
  }
}
