-- Metric rollups maintained by triggers (see packages/db/src/schema/metric-rollups.ts for why).
-- Every function is AFTER INSERT/UPDATE on its source row, so a duplicate insert skipped by
-- ON CONFLICT DO NOTHING never counts twice, and a rolled-back write rolls its counts back.
CREATE FUNCTION metrics_bump_step(j uuid, b timestamptz, v uuid, node text, m text, k text) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  VALUES (j, date_trunc('minute', b), v, node, m, k, 1)
  ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key)
  DO UPDATE SET n = journey_step_rollups.n + 1
$$;
--> statement-breakpoint
CREATE FUNCTION metrics_bump_email(j uuid, b timestamptz, v uuid, node text, tpl uuid, ws uuid, m text, k text) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  VALUES (j, date_trunc('minute', b), v, node, coalesce(tpl, '00000000-0000-0000-0000-000000000000'::uuid), ws, m, k, 1)
  ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key)
  DO UPDATE SET n = email_rollups.n + 1
$$;
--> statement-breakpoint
CREATE FUNCTION metrics_bump_workspace(ws uuid, b timestamptz, m text, k text) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
  VALUES (ws, date_trunc('minute', b), m, k, 1)
  ON CONFLICT (workspace_id, bucket, metric, key) DO UPDATE SET n = workspace_rollups.n + 1
$$;
--> statement-breakpoint
-- A step counts as entering its node when the run's previous step was elsewhere (a wait
-- until event records `waiting` then `matched` on the same node); the previous step's
-- outcome is the outlet the run left by, which with the new node names the edge taken.
CREATE FUNCTION metrics_on_run_step() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v uuid;
  prev_node text;
  prev_outcome text;
BEGIN
  SELECT version_id INTO v FROM journey_runs WHERE id = NEW.run_id;
  IF v IS NULL THEN RETURN NULL; END IF;
  SELECT node_id, outcome INTO prev_node, prev_outcome FROM run_steps WHERE run_id = NEW.run_id AND seq = NEW.seq - 1;
  IF prev_node IS DISTINCT FROM NEW.node_id THEN
    PERFORM metrics_bump_step(NEW.journey_id, NEW.at, v, NEW.node_id, 'entered', '');
    IF prev_node IS NOT NULL THEN
      PERFORM metrics_bump_step(NEW.journey_id, NEW.at, v, prev_node, 'edge', prev_outcome || '>' || NEW.node_id);
    END IF;
  END IF;
  PERFORM metrics_bump_step(NEW.journey_id, NEW.at, v, NEW.node_id, 'outcome', NEW.outcome);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER run_steps_metrics AFTER INSERT ON run_steps FOR EACH ROW EXECUTE FUNCTION metrics_on_run_step();
--> statement-breakpoint
-- Runs: started, ended (by status), converted. A conversion is also credited to every email
-- node of the run that sent within the workspace's attribution window before the goal.
CREATE FUNCTION metrics_on_journey_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  window_hours int;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM metrics_bump_step(NEW.journey_id, NEW.started_at, NEW.version_id, '', 'run_started', '');
    RETURN NULL;
  END IF;
  IF OLD.status = 'active' AND NEW.status <> 'active' THEN
    PERFORM metrics_bump_step(NEW.journey_id, coalesce(NEW.ended_at, now()), NEW.version_id, '', 'run_ended', NEW.status::text);
  END IF;
  IF OLD.converted_at IS NULL AND NEW.converted_at IS NOT NULL THEN
    PERFORM metrics_bump_step(NEW.journey_id, NEW.converted_at, NEW.version_id, '', 'run_converted', '');
    SELECT attribution_window_hours INTO window_hours FROM metric_settings WHERE workspace_id = NEW.workspace_id;
    PERFORM metrics_bump_email(NEW.journey_id, NEW.converted_at, NEW.version_id, s.node_id, m.template_id, NEW.workspace_id, 'converted', '')
    FROM (
      SELECT DISTINCT ON (node_id) node_id, detail->>'messageId' AS message_id
      FROM run_steps
      WHERE run_id = NEW.id AND kind = 'email' AND outcome = 'sent'
        AND at <= NEW.converted_at AND at > NEW.converted_at - make_interval(hours => coalesce(window_hours, 72))
      ORDER BY node_id, seq DESC
    ) s
    LEFT JOIN messages m ON m.id::text = s.message_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER journey_runs_metrics AFTER INSERT OR UPDATE OF status, converted_at ON journey_runs
FOR EACH ROW EXECUTE FUNCTION metrics_on_journey_run();
--> statement-breakpoint
-- Message events: totals, uniques (first of the type per message, arbitrated by the
-- message_event_firsts primary key so concurrent firsts cannot both count) and per-link clicks.
CREATE FUNCTION metrics_on_message_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  msg record;
  kind text := NEW.type::text;
  is_first boolean;
  url text;
  domain text;
BEGIN
  SELECT m.journey_id, m.node_id, m.template_id, m.to_address, r.version_id
    INTO msg
    FROM messages m LEFT JOIN journey_runs r ON r.id = m.run_id
   WHERE m.id = NEW.message_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO message_event_firsts (message_id, type, key) VALUES (NEW.message_id, kind, '') ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS is_first = ROW_COUNT;
  domain := lower(split_part(msg.to_address, '@', 2));

  PERFORM metrics_bump_workspace(NEW.workspace_id, NEW.occurred_at, kind, '');
  IF is_first THEN
    PERFORM metrics_bump_workspace(NEW.workspace_id, NEW.occurred_at, kind || '_unique', '');
    IF kind IN ('sent', 'bounced', 'complained') THEN
      PERFORM metrics_bump_workspace(NEW.workspace_id, NEW.occurred_at, kind || '_unique', 'domain:' || domain);
    END IF;
  END IF;

  IF msg.journey_id IS NULL OR msg.node_id IS NULL OR msg.version_id IS NULL THEN RETURN NULL; END IF;
  PERFORM metrics_bump_email(msg.journey_id, NEW.occurred_at, msg.version_id, msg.node_id, msg.template_id, NEW.workspace_id, kind, '');
  IF is_first THEN
    PERFORM metrics_bump_email(msg.journey_id, NEW.occurred_at, msg.version_id, msg.node_id, msg.template_id, NEW.workspace_id, kind || '_unique', '');
  END IF;
  url := NEW.data->>'url';
  IF kind = 'clicked' AND url IS NOT NULL THEN
    PERFORM metrics_bump_email(msg.journey_id, NEW.occurred_at, msg.version_id, msg.node_id, msg.template_id, NEW.workspace_id, 'link_clicked', url);
    INSERT INTO message_event_firsts (message_id, type, key) VALUES (NEW.message_id, kind, url) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS is_first = ROW_COUNT;
    IF is_first THEN
      PERFORM metrics_bump_email(msg.journey_id, NEW.occurred_at, msg.version_id, msg.node_id, msg.template_id, NEW.workspace_id, 'link_clicked_unique', url);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER message_events_metrics AFTER INSERT ON message_events FOR EACH ROW EXECUTE FUNCTION metrics_on_message_event();
--> statement-breakpoint
-- Backfill from history, so a database that predates the rollups starts with true totals.
INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
SELECT journey_id, date_trunc('minute', started_at), version_id, '', 'run_started', '', count(*)
FROM journey_runs GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
SELECT s.journey_id, date_trunc('minute', s.at), r.version_id, s.node_id, 'outcome', s.outcome, count(*)
FROM run_steps s JOIN journey_runs r ON r.id = s.run_id GROUP BY 1, 2, 3, 4, 6;
--> statement-breakpoint
INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
SELECT s.journey_id, date_trunc('minute', s.at), r.version_id, s.node_id, 'entered', '', count(*)
FROM run_steps s JOIN journey_runs r ON r.id = s.run_id
LEFT JOIN run_steps p ON p.run_id = s.run_id AND p.seq = s.seq - 1
WHERE p.node_id IS DISTINCT FROM s.node_id GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
SELECT s.journey_id, date_trunc('minute', s.at), r.version_id, p.node_id, 'edge', p.outcome || '>' || s.node_id, count(*)
FROM run_steps s JOIN journey_runs r ON r.id = s.run_id
JOIN run_steps p ON p.run_id = s.run_id AND p.seq = s.seq - 1
WHERE p.node_id <> s.node_id GROUP BY 1, 2, 3, 4, 6;
--> statement-breakpoint
INSERT INTO message_event_firsts (message_id, type, key)
SELECT DISTINCT message_id, type::text, '' FROM message_events;
--> statement-breakpoint
INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
SELECT workspace_id, date_trunc('minute', occurred_at), type::text, '', count(*) FROM message_events GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
SELECT m.journey_id, date_trunc('minute', e.occurred_at), r.version_id, m.node_id,
       coalesce(m.template_id, '00000000-0000-0000-0000-000000000000'::uuid), e.workspace_id, e.type::text, '', count(*)
FROM message_events e JOIN messages m ON m.id = e.message_id JOIN journey_runs r ON r.id = m.run_id
WHERE m.node_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
SELECT workspace_id, date_trunc('minute', first_at), type::text || '_unique', '', count(*)
FROM (SELECT workspace_id, message_id, type, min(occurred_at) AS first_at FROM message_events GROUP BY 1, 2, 3) f
GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
SELECT m.journey_id, date_trunc('minute', f.first_at), r.version_id, m.node_id,
       coalesce(m.template_id, '00000000-0000-0000-0000-000000000000'::uuid), f.workspace_id, f.type::text || '_unique', '', count(*)
FROM (SELECT workspace_id, message_id, type, min(occurred_at) AS first_at FROM message_events GROUP BY 1, 2, 3) f
JOIN messages m ON m.id = f.message_id JOIN journey_runs r ON r.id = m.run_id
WHERE m.node_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
