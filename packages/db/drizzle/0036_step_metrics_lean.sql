-- Run-step metrics, leaner; the rows written are the same.
--
-- 1. metrics_bump_step in PL/pgSQL, same statement (see 0014): a LANGUAGE sql function that
-- writes cannot be inlined, so Postgres parsed, analysed and planned its three-insert body
-- anew on every call — ten calls per journey run (run started and ended, and entered /
-- outcome / edge of each run step). PL/pgSQL prepares the statement once per connection and
-- keeps its plan, so a bump costs only its execution (bench:costs --pg-statements, 0036 in
-- docs/performance.md).
CREATE OR REPLACE FUNCTION metrics_bump_step(j uuid, b timestamptz, v uuid, node text, m text, k text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH minute AS (
    INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
    VALUES (j, date_trunc('minute', b), v, node, m, k, 1)
    ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups.n + 1
  ), hour AS (
    INSERT INTO journey_step_rollups_hour (journey_id, bucket, version_id, node_id, metric, key, n)
    VALUES (j, date_trunc('hour', b, 'UTC'), v, node, m, k, 1)
    ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups_hour.n + 1
  )
  INSERT INTO journey_step_rollups_day (journey_id, bucket, version_id, node_id, metric, key, n)
  VALUES (j, date_trunc('day', b, 'UTC'), v, node, m, k, 1)
  ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups_day.n + 1;
END $$;
--> statement-breakpoint
-- 2. The run-step trigger runs at commit (a deferred constraint trigger), not at the insert.
-- Every run's steps bump the same few rollup rows (journey, node, minute/hour/day), and the
-- dispatcher writes the entry step in the transaction that holds it across the workflow
-- start: with the bump at the insert, each start held those rows' locks for a Temporal round
-- trip, and concurrent starts of one journey queued behind each other (pg_stat_statements:
-- 7–100 ms of lock wait per run at 20 starts/s). At commit the locks are held only for the
-- commit itself. Same rows, same counts: the function reads the run and the previous step
-- when it fires, and both are there at commit as they were at the insert.
DROP TRIGGER run_steps_metrics ON run_steps;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER run_steps_metrics AFTER INSERT ON run_steps
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION metrics_on_run_step();
