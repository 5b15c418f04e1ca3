// One pass at a time across every dispatcher process. A deployment may run several
// dispatchers (cluster mode runs two); the event claim is safe with SKIP LOCKED, but the
// periodic passes (alerts, automatic winners, log pruning) would run once per process —
// harmless for their writes (each is insert-once or idempotent) yet double work and, for
// the winner checker, a second "winner declared" for one winner. A session advisory lock
// per pass name lets one process run it; the others skip that tick.
import type pg from "pg";

/** Runs `pass` if no other process runs the pass of the same name; returns whether it ran. */
export async function runExclusivePass(pool: pg.Pool, name: string, pass: () => Promise<void>): Promise<boolean> {
  const key = `mailstream:pass:${name}`;
  const client = await pool.connect();
  // A connection whose unlock failed goes back destroyed: closing the session frees the lock.
  let isBroken = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_lock(hashtextextended($1, 0)) as locked",
      [key],
    );
    if (!rows[0]?.locked) return false;
    try {
      await pass();
      return true;
    } finally {
      await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => {
        isBroken = true;
      });
    }
  } finally {
    client.release(isBroken);
  }
}
