-- metrics_rebuild_rollups(ws): the same rebuild, optionally for one workspace only (its rows
-- deleted and recomputed, others untouched), so one tenant's counters can be repaired while
-- the rest of the database keeps writing, and tests can rebuild their own data.
DROP FUNCTION metrics_rebuild_rollups();
--> statement-breakpoint
CREATE FUNCTION metrics_rebuild_rollups(ws uuid DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ws IS NULL THEN
    TRUNCATE journey_step_rollups, journey_step_rollups_hour, journey_step_rollups_day,
             email_rollups, email_rollups_hour, email_rollups_day, workspace_rollups, message_event_firsts;
  ELSE
    DELETE FROM journey_step_rollups WHERE journey_id IN (SELECT id FROM journeys WHERE workspace_id = ws);
    DELETE FROM journey_step_rollups_hour WHERE journey_id IN (SELECT id FROM journeys WHERE workspace_id = ws);
    DELETE FROM journey_step_rollups_day WHERE journey_id IN (SELECT id FROM journeys WHERE workspace_id = ws);
    DELETE FROM email_rollups WHERE workspace_id = ws;
    DELETE FROM email_rollups_hour WHERE workspace_id = ws;
    DELETE FROM email_rollups_day WHERE workspace_id = ws;
    DELETE FROM workspace_rollups WHERE workspace_id = ws;
    DELETE FROM message_event_firsts WHERE message_id IN (SELECT id FROM messages WHERE workspace_id = ws);
  END IF;

  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('minute', started_at), version_id, '', 'run_started', '', count(*)
  FROM journey_runs WHERE (ws IS NULL OR workspace_id = ws) GROUP BY 1, 2, 3;
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('minute', coalesce(ended_at, started_at)), version_id, '', 'run_ended', status::text, count(*)
  FROM journey_runs WHERE status <> 'active' AND (ws IS NULL OR workspace_id = ws) GROUP BY 1, 2, 3, 6;
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('minute', converted_at), version_id, '', 'run_converted', '', count(*)
  FROM journey_runs WHERE converted_at IS NOT NULL AND (ws IS NULL OR workspace_id = ws) GROUP BY 1, 2, 3;
  -- Steps with the step before them in the same run: entered (node changed), outcome, edge.
  CREATE TEMP TABLE metrics_steps ON COMMIT DROP AS
  SELECT s.journey_id, date_trunc('minute', s.at) AS bucket, r.version_id, s.node_id, s.outcome,
         p.node_id AS prev_node, p.outcome AS prev_outcome
  FROM run_steps s JOIN journey_runs r ON r.id = s.run_id
  LEFT JOIN run_steps p ON p.run_id = s.run_id AND p.seq = s.seq - 1
  WHERE (ws IS NULL OR r.workspace_id = ws);
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, bucket, version_id, node_id, 'outcome', outcome, count(*) FROM metrics_steps GROUP BY 1, 2, 3, 4, 6;
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, bucket, version_id, node_id, 'entered', '', count(*) FROM metrics_steps
  WHERE prev_node IS DISTINCT FROM node_id GROUP BY 1, 2, 3, 4;
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, bucket, version_id, prev_node, 'edge', prev_outcome || '>' || node_id, count(*) FROM metrics_steps
  WHERE prev_node IS NOT NULL AND prev_node <> node_id GROUP BY 1, 2, 3, 4, 6;

  -- Conversions credited to each email node that sent within the window before the goal.
  INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT r.journey_id, date_trunc('minute', r.converted_at), r.version_id, s.node_id,
         coalesce(m.template_id, '00000000-0000-0000-0000-000000000000'::uuid), r.workspace_id, 'converted', '', count(*)
  FROM journey_runs r
  LEFT JOIN metric_settings ms ON ms.workspace_id = r.workspace_id
  CROSS JOIN LATERAL (
    SELECT DISTINCT ON (node_id) node_id, metrics_message_uuid(detail) AS message_id
    FROM run_steps
    WHERE run_id = r.id AND kind = 'email' AND outcome = 'sent'
      AND at <= r.converted_at AND at > r.converted_at - make_interval(hours => coalesce(ms.attribution_window_hours, 72))
    ORDER BY node_id, seq DESC
  ) s
  LEFT JOIN messages m ON m.id = s.message_id
  WHERE r.converted_at IS NOT NULL AND (ws IS NULL OR r.workspace_id = ws)
  GROUP BY 1, 2, 3, 4, 5, 6;

  -- Message events with their message's journey context (null outside journeys).
  CREATE TEMP TABLE metrics_events ON COMMIT DROP AS
  SELECT e.id, e.workspace_id, e.message_id, e.type::text AS type, date_trunc('minute', e.occurred_at) AS bucket,
         CASE WHEN e.type = 'clicked' THEN e.data->>'url' END AS url,
         m.journey_id, m.node_id, coalesce(m.template_id, '00000000-0000-0000-0000-000000000000'::uuid) AS template_id,
         r.version_id, lower(split_part(m.to_address, '@', 2)) AS domain
  FROM message_events e JOIN messages m ON m.id = e.message_id LEFT JOIN journey_runs r ON r.id = m.run_id
  WHERE (ws IS NULL OR e.workspace_id = ws);
  -- The first event per (message, type) and per (message, clicked, url): the trigger's arbiter rows.
  CREATE TEMP TABLE metrics_firsts ON COMMIT DROP AS
  SELECT DISTINCT ON (message_id, type) *, '' AS key FROM metrics_events ORDER BY message_id, type, id;
  INSERT INTO metrics_firsts
  SELECT DISTINCT ON (message_id, url) *, url FROM metrics_events WHERE url IS NOT NULL ORDER BY message_id, url, id;
  INSERT INTO message_event_firsts (message_id, type, key) SELECT message_id, type, key FROM metrics_firsts;

  INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
  SELECT workspace_id, bucket, type, '', count(*) FROM metrics_events GROUP BY 1, 2, 3;
  INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
  SELECT workspace_id, bucket, type || '_unique', '', count(*) FROM metrics_firsts WHERE key = '' GROUP BY 1, 2, 3;
  INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
  SELECT workspace_id, bucket, type || '_unique', 'domain:' || domain, count(*) FROM metrics_firsts
  WHERE key = '' AND type IN ('sent', 'bounced', 'complained') GROUP BY 1, 2, 3, 4;

  INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, sum(n) FROM (
    SELECT journey_id, bucket, version_id, node_id, template_id, workspace_id, type AS metric, '' AS key, 1 AS n
    FROM metrics_events
    UNION ALL
    SELECT journey_id, bucket, version_id, node_id, template_id, workspace_id, 'link_clicked', url, 1
    FROM metrics_events WHERE url IS NOT NULL
    UNION ALL
    SELECT journey_id, bucket, version_id, node_id, template_id, workspace_id,
           CASE WHEN key = '' THEN type || '_unique' ELSE 'link_clicked_unique' END, key, 1
    FROM metrics_firsts
  ) e
  WHERE journey_id IS NOT NULL AND node_id IS NOT NULL AND version_id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

  -- Coarser tiers from the minute tier (the triggers bump all three alike).
  INSERT INTO journey_step_rollups_hour (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('hour', bucket, 'UTC'), version_id, node_id, metric, key, sum(n) FROM journey_step_rollups
  WHERE ws IS NULL OR journey_id IN (SELECT id FROM journeys WHERE workspace_id = ws) GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO journey_step_rollups_day (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('day', bucket, 'UTC'), version_id, node_id, metric, key, sum(n) FROM journey_step_rollups_hour
  WHERE ws IS NULL OR journey_id IN (SELECT id FROM journeys WHERE workspace_id = ws) GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO email_rollups_hour (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT journey_id, date_trunc('hour', bucket, 'UTC'), version_id, node_id, template_id, workspace_id, metric, key, sum(n)
  FROM email_rollups WHERE (ws IS NULL OR workspace_id = ws) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  INSERT INTO email_rollups_day (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT journey_id, date_trunc('day', bucket, 'UTC'), version_id, node_id, template_id, workspace_id, metric, key, sum(n)
  FROM email_rollups_hour WHERE (ws IS NULL OR workspace_id = ws) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  DROP TABLE metrics_steps, metrics_events, metrics_firsts;
END $$;
