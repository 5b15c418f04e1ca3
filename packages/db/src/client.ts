// One pg pool and drizzle instance per DATABASE_URL. Callers pass the URL in (each
// deployable's env.ts owns reading it); the pool is reused for the life of the process.
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./schema/index";

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const pools = new Map<string, { pool: pg.Pool; db: Db }>();

export function createDb(databaseUrl: string, options: { max?: number } = {}): { pool: pg.Pool; db: Db } {
  const existing = pools.get(databaseUrl);
  if (existing) return existing;
  // `pipeline`: a client sends each query without waiting for the answer to the one before it.
  // Code that awaits each query sees no difference; a transaction can send its last statement
  // and its COMMIT back to back (the send's hand-off, queries/messages-send.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, pipeline: true });
  // An idle client dying (Postgres restart, network blip) emits on the pool; unhandled, that
  // would crash the process. The pool drops the client and the next query reconnects.
  pool.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
  const entry = { pool, db: drizzle(pool, { schema }) };
  pools.set(databaseUrl, entry);
  return entry;
}

export async function closeDb(databaseUrl: string): Promise<void> {
  const entry = pools.get(databaseUrl);
  if (!entry) return;
  pools.delete(databaseUrl);
  await entry.pool.end();
}

export { schema };
