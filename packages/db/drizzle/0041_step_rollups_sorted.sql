-- Journey rollups (journey_step_rollups and its hour and day tiers): one lock order, whatever
-- the writer (issue 17).
--
-- Until now each run step bumped its rows at COMMIT (0036's deferred row trigger) in the order
-- the steps were inserted — each step its node's minute, hour and day rows, then its edge's,
-- keyed by the previous node — and a run's start, end and conversion bumped their node '' rows
-- in the middle of the statement that wrote the run. Two transactions of different runs (a batch
-- of sends beside another batch, or beside a single hand-off) took the same rows in different
-- orders and deadlocked: 27 aborts in one scale-out run of 400 emails, some after the transport
-- had taken the email, whose retry then sent it again. One of the cycles did not even need two
-- steps: a batch marks its messages sent (the workspace and email rollups, message events'
-- trigger) before it ends runs (run_ended), a single hand-off's one statement the other way round.
--
-- Now every bump of these tables is made at COMMIT, all of the transaction's at once, in ONE
-- statement that takes each tier's rows in primary-key order. So every transaction takes them
-- last and in one order: two commits may wait for each other but never deadlock, and the rows
-- are locked only by the commit's last work (as 0036 wanted for the steps).
--   * Immediate triggers only note what to bump, in transaction-local settings (no row written;
--     a rolled-back savepoint or transaction takes its notes with it, as it takes the rows):
--     a statement trigger on run_steps the keys of its new steps; the row trigger on journey_runs
--     each run's start, end and conversion (the conversion's email rollups are bumped at once, as
--     before: they are message-event rollups, not journey rollups).
--   * Deferred row triggers on both tables (a constraint trigger is the only kind that fires at
--     COMMIT, and only per row): the first to fire bumps everything noted and clears the notes;
--     the others find nothing and return.
-- What is counted is what 0009/0014/0036 counted: at commit each step reads its run's version
-- (none: not counted) and the run's previous step; `entered` when the previous step was on
-- another node, then the edge from it (`<previous outcome>><node>`); always `outcome`; a run its
-- `run_started`, `run_ended` (key: status) and `run_converted`; every tier in the bucket of the
-- step's or the event's own time. Equal keys are summed into one bump (n + count).
CREATE FUNCTION metrics_bump_journey_rollups(steps jsonb, runs jsonb) RETURNS void
-- Its plan is kept per session: one made on a near-empty run_steps would scan it forever (0035).
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
  WITH noted AS (
    SELECT (k->>0)::uuid AS run_id, (k->>1)::int AS seq FROM jsonb_array_elements(steps) k
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
    UNION ALL SELECT (k->>0)::uuid, (k->>1)::timestamptz, (k->>2)::uuid, '', k->>3, k->>4 FROM jsonb_array_elements(runs) k
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
END $$;
--> statement-breakpoint
-- Appends to one of the transaction's notes (`mailstream.unbumped_run_steps` / `_run_counts`).
CREATE FUNCTION metrics_note_journey_rollups(note text, added jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF added IS NULL OR jsonb_array_length(added) = 0 THEN RETURN; END IF;
  PERFORM set_config(note, (coalesce(nullif(current_setting(note, true), ''), '[]')::jsonb || added)::text, true);
END $$;
--> statement-breakpoint
-- Immediate, per statement: the keys of the statement's new steps (a retried insert that
-- conflicted adds none).
CREATE FUNCTION metrics_note_run_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM metrics_note_journey_rollups('mailstream.unbumped_run_steps',
    (SELECT jsonb_agg(jsonb_build_array(run_id, seq)) FROM new_steps));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER run_steps_metrics_note AFTER INSERT ON run_steps
REFERENCING NEW TABLE AS new_steps FOR EACH STATEMENT EXECUTE FUNCTION metrics_note_run_steps();
--> statement-breakpoint
-- Runs: started, ended (by status), converted — the same conditions as 0014, noted for the
-- commit; a conversion's email rollups are bumped at once, as 0014 did.
CREATE OR REPLACE FUNCTION metrics_on_journey_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  window_hours int;
  counts jsonb := '[]';
BEGIN
  IF TG_OP = 'INSERT' THEN
    counts := counts || jsonb_build_array(jsonb_build_array(NEW.journey_id, NEW.started_at, NEW.version_id, 'run_started', ''));
  END IF;
  IF NEW.status <> 'active' AND (TG_OP = 'INSERT' OR OLD.status = 'active') THEN
    counts := counts || jsonb_build_array(jsonb_build_array(NEW.journey_id, coalesce(NEW.ended_at, NEW.started_at),
                                                            NEW.version_id, 'run_ended', NEW.status::text));
  END IF;
  IF NEW.converted_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.converted_at IS NULL) THEN
    counts := counts || jsonb_build_array(jsonb_build_array(NEW.journey_id, NEW.converted_at, NEW.version_id, 'run_converted', ''));
    SELECT attribution_window_hours INTO window_hours FROM metric_settings WHERE workspace_id = NEW.workspace_id;
    PERFORM metrics_bump_email(NEW.journey_id, NEW.converted_at, NEW.version_id, s.node_id, m.template_id, NEW.workspace_id, 'converted', '')
    FROM (
      SELECT DISTINCT ON (node_id) node_id, metrics_message_uuid(detail) AS message_id
      FROM run_steps
      WHERE run_id = NEW.id AND kind = 'email' AND outcome = 'sent'
        AND at <= NEW.converted_at AND at > NEW.converted_at - make_interval(hours => coalesce(window_hours, 72))
      ORDER BY node_id, seq DESC
    ) s
    LEFT JOIN messages m ON m.id = s.message_id;
  END IF;
  PERFORM metrics_note_journey_rollups('mailstream.unbumped_run_counts', counts);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deferred, per row, on both tables: the first firing at COMMIT bumps everything noted, in one
-- order; the notes are cleared first, so the other firings do nothing.
CREATE FUNCTION metrics_bump_noted_journey_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  steps text := nullif(current_setting('mailstream.unbumped_run_steps', true), '');
  runs text := nullif(current_setting('mailstream.unbumped_run_counts', true), '');
BEGIN
  IF steps IS NULL AND runs IS NULL THEN RETURN NULL; END IF;
  PERFORM set_config('mailstream.unbumped_run_steps', '', true);
  PERFORM set_config('mailstream.unbumped_run_counts', '', true);
  PERFORM metrics_bump_journey_rollups(coalesce(steps, '[]')::jsonb, coalesce(runs, '[]')::jsonb);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER run_steps_metrics ON run_steps;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER run_steps_metrics AFTER INSERT ON run_steps
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION metrics_bump_noted_journey_rollups();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journey_runs_metrics_commit AFTER INSERT OR UPDATE OF status, converted_at ON journey_runs
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION metrics_bump_noted_journey_rollups();
--> statement-breakpoint
DROP FUNCTION metrics_on_run_step();
--> statement-breakpoint
DROP FUNCTION metrics_bump_step(uuid, timestamptz, uuid, text, text, text);
