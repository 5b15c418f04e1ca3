// Raw SQL as a NAMED prepared statement, on the pool or inside a transaction: node-postgres parses
// it once per connection and Postgres keeps its plan there (past five custom plans, a generic one
// when that costs no more), where an unnamed statement is planned on every call. drizzle names
// only its query builders' statements (`.prepare(name)`, as send-context.ts does); this is the same
// for a statement written in SQL. The name is `<prefix>_<digest of the text>`, so one name always
// stands for one text (node-postgres refuses a name reused for another) and a statement whose text
// depends on its shape (how many rows, which CTEs) gets one name per shape — a handful, never one
// per call: every value must travel as a parameter.
import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { QueryResult } from "pg";
import type { Db, Tx } from "../client";

const dialect = new PgDialect();

type Compiled = { compiled: ReturnType<PgDialect["sqlToQuery"]>; digest: string };

/**
 * Compiled and hashed once per statement object: a constant statement (the single message insert)
 * is not compiled and hashed again on every send; one built per call (the hand-off's) is. The
 * prefix is the caller's, so it is added per call.
 */
const compiledByQuery = new WeakMap<SQL, Compiled>();

function named(prefix: string, query: SQL): { compiled: Compiled["compiled"]; name: string } {
  let found = compiledByQuery.get(query);
  if (!found) {
    const compiled = dialect.sqlToQuery(query);
    const digest = createHash("sha1").update(compiled.sql).digest("hex").slice(0, 16);
    compiledByQuery.set(query, (found = { compiled, digest }));
  }
  return { compiled: found.compiled, name: `${prefix}_${found.digest}` };
}

/** Runs `query` as a named prepared statement; `values` fill its `sql.placeholder`s by name. */
export async function executeNamed<Row extends Record<string, unknown>>(
  db: Db | Tx,
  prefix: string,
  query: SQL,
  values?: Record<string, unknown>,
): Promise<Row[]> {
  const { compiled, name } = named(prefix, query);
  // Sent as soon as this is called (drizzle's execute reaches node-postgres before its first
  // await), so a caller may queue it right before a COMMIT (messages-send.ts, commitAfter).
  const result = (await db._.session
    .prepareQuery(compiled, undefined, name, false)
    .execute(values)) as QueryResult<Row>;
  return result.rows;
}
