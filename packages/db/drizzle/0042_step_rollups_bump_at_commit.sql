-- The journey rollups' bump at COMMIT (0041), cheaper for every transaction, and most for a lone
-- run's (issue 14): its three transactions (the run's insert, its start, its send's hand-off) each
-- paid for two PL/pgSQL calls at COMMIT: the deferred trigger, which then called
-- metrics_bump_journey_rollups(steps, runs) in a statement of its own (PERFORM), a second function
-- entered with its own SET clause. Now the trigger runs the bump statement itself: one call, one
-- statement. The statement is 0041's, unchanged — every tier's
-- rows taken in primary-key order, all of the transaction's bumps at once, the notes cleared first so
-- the trigger's other firings in the commit find nothing — so every writer still takes the rollup
-- rows in one order (journey-rollups-order.test.ts). Measured on a lone run's three transactions:
-- docs/performance.md, "A lone run after the coalesced sends, taken back".
--
-- 0041's SET moves with the statement: its plan is kept per session, and one made on a
-- near-empty run_steps would scan it forever (0035); without it the bump read run_steps
-- sequentially and cost several times more as the table grew. And the plan is generic from the
-- first call (`plan_cache_mode`): PL/pgSQL planned the statement afresh for its first five calls
-- in each session, and a trigger function is compiled once per table it fires on (run_steps,
-- journey_runs), so a pool's new connections planned it ten times each (0.2–0.4 ms a run in
-- bench:costs). Its generic plan reads every row by index — run_steps by (run_id, seq), the run
-- by its key — and still inserts each tier's rows sorted by key (EXPLAIN in docs/performance.md).
CREATE OR REPLACE FUNCTION metrics_bump_noted_journey_rollups() RETURNS trigger
LANGUAGE plpgsql SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  steps text := nullif(current_setting('mailstream.unbumped_run_steps', true), '');
  runs text := nullif(current_setting('mailstream.unbumped_run_counts', true), '');
BEGIN
  IF steps IS NULL AND runs IS NULL THEN RETURN NULL; END IF;
  PERFORM set_config('mailstream.unbumped_run_steps', '', true);
  PERFORM set_config('mailstream.unbumped_run_counts', '', true);
  WITH noted AS (
    SELECT (k->>0)::uuid AS run_id, (k->>1)::int AS seq FROM jsonb_array_elements(coalesce(steps, '[]')::jsonb) k
  ),
  stepped AS MATERIALIZED (
    SELECT s.journey_id, s.at, r.version_id, s.node_id, s.outcome, p.node_id AS prev_node, p.outcome AS prev_outcome
    FROM noted
    JOIN run_steps s ON s.run_id = noted.run_id AND s.seq = noted.seq
    JOIN journey_runs r ON r.id = s.run_id AND r.version_id IS NOT NULL
    LEFT JOIN run_steps p ON p.run_id = s.run_id AND p.seq = s.seq - 1
  ),
  bumps AS MATERIALIZED (
    SELECT journey_id, at, version_id, node_id, 'entered' AS metric, '' AS key FROM stepped
      WHERE prev_node IS DISTINCT FROM node_id
    UNION ALL SELECT journey_id, at, version_id, prev_node, 'edge', prev_outcome || '>' || node_id FROM stepped
      WHERE prev_node IS DISTINCT FROM node_id AND prev_node IS NOT NULL
    UNION ALL SELECT journey_id, at, version_id, node_id, 'outcome', outcome FROM stepped
    UNION ALL SELECT (k->>0)::uuid, (k->>1)::timestamptz, (k->>2)::uuid, '', k->>3, k->>4 FROM jsonb_array_elements(coalesce(runs, '[]')::jsonb) k
  ),
  minute AS (
    INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
    SELECT journey_id, date_trunc('minute', at), version_id, node_id, metric, key, count(*) FROM bumps
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups.n + EXCLUDED.n
  ),
  hour AS (
    INSERT INTO journey_step_rollups_hour (journey_id, bucket, version_id, node_id, metric, key, n)
    SELECT journey_id, date_trunc('hour', at, 'UTC'), version_id, node_id, metric, key, count(*) FROM bumps
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups_hour.n + EXCLUDED.n
  )
  INSERT INTO journey_step_rollups_day (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('day', at, 'UTC'), version_id, node_id, metric, key, count(*) FROM bumps
  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups_day.n + EXCLUDED.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP FUNCTION metrics_bump_journey_rollups(jsonb, jsonb);
