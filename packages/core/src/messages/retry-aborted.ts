// A hand-off transaction that Postgres aborts as a whole — a deadlock on the rollup rows that
// concurrent sends bump at commit, or a serialization failure — is run again at once, because
// the alternative is worse: the activity's retry would find the row still queued and hand the
// email to the transport a second time. Callers keep the transport's receipt across attempts
// (the email was handed over once; only its record is written again).
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
