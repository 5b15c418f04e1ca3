// A broadcast page's last statement and its COMMIT in one round trip. The page's writes end on
// rows every page of the workspace shares — the metrics trigger's rollup rows and the
// broadcast's counters row — so they are written by the transaction's LAST statement, sent with
// the COMMIT right behind it without waiting for its answer (the pool's clients pipeline,
// client.ts). The shared rows are then locked for that statement's end and the commit only,
// never across a round trip to a Node process busy rendering another page.
import type { SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";

/**
 * Runs `work` in a transaction; the statement it returns (if any) goes out right behind its
 * other statements and the COMMIT right behind it. Answers that statement's rows. If the
 * statement fails, Postgres rolls the transaction back at the COMMIT, and the statement's error
 * is thrown here.
 */
export async function commitWithLast<Row extends Record<string, unknown>>(
  db: Db,
  work: (tx: Tx) => Promise<SQL | null>,
): Promise<Row[]> {
  let last: Promise<Row[]> | undefined;
  await db.transaction(async (tx) => {
    const statement = await work(tx);
    if (!statement) return;
    // `.then` sends it now, once (drizzle's query runs on every `then` of its own promise).
    const sent = tx.execute<Row>(statement).then(({ rows }) => rows as Row[]);
    // Observed below, once the COMMIT is answered; without this a failure would be "unhandled" meanwhile.
    sent.catch(() => {});
    last = sent;
  });
  return last ? await last : [];
}
