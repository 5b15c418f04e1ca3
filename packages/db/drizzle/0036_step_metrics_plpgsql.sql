-- metrics_bump_step in PL/pgSQL, same statement (see 0014): a LANGUAGE sql function that
-- writes cannot be inlined, so Postgres parsed, analysed and planned its three-insert body
-- anew on every call — ten calls per journey run (run started and ended, and entered /
-- outcome / edge of each run step). PL/pgSQL prepares the statement once per connection and
-- keeps its plan, so a bump costs only its execution (bench:costs --pg-statements, 0036 in
-- docs/performance.md). The rows written are the same.
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
