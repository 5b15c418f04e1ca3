CREATE TABLE "email_rollups_day" (
	"journey_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"template_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "email_rollups_day_pk" PRIMARY KEY("journey_id","bucket","version_id","node_id","template_id","metric","key")
);
--> statement-breakpoint
CREATE TABLE "email_rollups_hour" (
	"journey_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"template_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "email_rollups_hour_pk" PRIMARY KEY("journey_id","bucket","version_id","node_id","template_id","metric","key")
);
--> statement-breakpoint
CREATE TABLE "journey_step_rollups_day" (
	"journey_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_step_rollups_day_journey_id_bucket_version_id_node_id_metric_key_pk" PRIMARY KEY("journey_id","bucket","version_id","node_id","metric","key")
);
--> statement-breakpoint
CREATE TABLE "journey_step_rollups_hour" (
	"journey_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_step_rollups_hour_journey_id_bucket_version_id_node_id_metric_key_pk" PRIMARY KEY("journey_id","bucket","version_id","node_id","metric","key")
);
--> statement-breakpoint
CREATE INDEX "email_rollups_day_template_idx" ON "email_rollups_day" USING btree ("workspace_id","template_id","bucket");--> statement-breakpoint
CREATE INDEX "email_rollups_hour_template_idx" ON "email_rollups_hour" USING btree ("workspace_id","template_id","bucket");--> statement-breakpoint
-- Hour and day tiers (see packages/db/src/schema/metric-rollups.ts): every bump writes the
-- minute, hour and day row in the same statement, so the tiers can never disagree and late
-- events land in their true bucket. Hours and days are UTC whatever the session's TimeZone.
CREATE OR REPLACE FUNCTION metrics_bump_step(j uuid, b timestamptz, v uuid, node text, m text, k text) RETURNS void
LANGUAGE sql AS $$
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
  ON CONFLICT (journey_id, bucket, version_id, node_id, metric, key) DO UPDATE SET n = journey_step_rollups_day.n + 1
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_bump_email(j uuid, b timestamptz, v uuid, node text, tpl uuid, ws uuid, m text, k text) RETURNS void
LANGUAGE sql AS $$
  WITH minute AS (
    INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
    VALUES (j, date_trunc('minute', b), v, node, coalesce(tpl, '00000000-0000-0000-0000-000000000000'::uuid), ws, m, k, 1)
    ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key) DO UPDATE SET n = email_rollups.n + 1
  ), hour AS (
    INSERT INTO email_rollups_hour (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
    VALUES (j, date_trunc('hour', b, 'UTC'), v, node, coalesce(tpl, '00000000-0000-0000-0000-000000000000'::uuid), ws, m, k, 1)
    ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key) DO UPDATE SET n = email_rollups_hour.n + 1
  )
  INSERT INTO email_rollups_day (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  VALUES (j, date_trunc('day', b, 'UTC'), v, node, coalesce(tpl, '00000000-0000-0000-0000-000000000000'::uuid), ws, m, k, 1)
  ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key) DO UPDATE SET n = email_rollups_day.n + 1
$$;
--> statement-breakpoint
-- The step detail's message id, as a uuid when it is one: joining on `m.id = <uuid>` uses the
-- messages primary key, where the old `m.id::text = …` scanned every message per conversion.
CREATE FUNCTION metrics_message_uuid(detail jsonb) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN detail->>'messageId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              THEN (detail->>'messageId')::uuid END
$$;
--> statement-breakpoint
-- Runs: started, ended (by status), converted — also when a run is inserted already ended or
-- converted (imports, backfills), so the trigger and metrics_rebuild_rollups() always agree.
CREATE OR REPLACE FUNCTION metrics_on_journey_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  window_hours int;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM metrics_bump_step(NEW.journey_id, NEW.started_at, NEW.version_id, '', 'run_started', '');
  END IF;
  IF NEW.status <> 'active' AND (TG_OP = 'INSERT' OR OLD.status = 'active') THEN
    PERFORM metrics_bump_step(NEW.journey_id, coalesce(NEW.ended_at, NEW.started_at), NEW.version_id, '', 'run_ended', NEW.status::text);
  END IF;
  IF NEW.converted_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.converted_at IS NULL) THEN
    PERFORM metrics_bump_step(NEW.journey_id, NEW.converted_at, NEW.version_id, '', 'run_converted', '');
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
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Every rollup recomputed from history, set-based; what the triggers would have written had
-- they always existed (uniques go to the first inserted event of their kind, by id, as the
-- trigger's arbiter row does; conversions use today's attribution window). Used once below
-- for databases whose rollups predate this migration (0009's backfill skipped run_ended,
-- run_converted, converted, per-link clicks and per-domain counters), and by bench:metrics.
-- It truncates the rollups, so run it while nothing writes events (a migration, a bulk load).
CREATE FUNCTION metrics_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE journey_step_rollups, journey_step_rollups_hour, journey_step_rollups_day,
           email_rollups, email_rollups_hour, email_rollups_day, workspace_rollups, message_event_firsts;

  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('minute', started_at), version_id, '', 'run_started', '', count(*)
  FROM journey_runs GROUP BY 1, 2, 3;
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('minute', coalesce(ended_at, started_at)), version_id, '', 'run_ended', status::text, count(*)
  FROM journey_runs WHERE status <> 'active' GROUP BY 1, 2, 3, 6;
  INSERT INTO journey_step_rollups (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('minute', converted_at), version_id, '', 'run_converted', '', count(*)
  FROM journey_runs WHERE converted_at IS NOT NULL GROUP BY 1, 2, 3;
  -- Steps with the step before them in the same run: entered (node changed), outcome, edge.
  CREATE TEMP TABLE metrics_steps ON COMMIT DROP AS
  SELECT s.journey_id, date_trunc('minute', s.at) AS bucket, r.version_id, s.node_id, s.outcome,
         p.node_id AS prev_node, p.outcome AS prev_outcome
  FROM run_steps s JOIN journey_runs r ON r.id = s.run_id
  LEFT JOIN run_steps p ON p.run_id = s.run_id AND p.seq = s.seq - 1;
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
  WHERE r.converted_at IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6;

  -- Message events with their message's journey context (null outside journeys).
  CREATE TEMP TABLE metrics_events ON COMMIT DROP AS
  SELECT e.id, e.workspace_id, e.message_id, e.type::text AS type, date_trunc('minute', e.occurred_at) AS bucket,
         CASE WHEN e.type = 'clicked' THEN e.data->>'url' END AS url,
         m.journey_id, m.node_id, coalesce(m.template_id, '00000000-0000-0000-0000-000000000000'::uuid) AS template_id,
         r.version_id, lower(split_part(m.to_address, '@', 2)) AS domain
  FROM message_events e JOIN messages m ON m.id = e.message_id LEFT JOIN journey_runs r ON r.id = m.run_id;
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
  SELECT journey_id, date_trunc('hour', bucket, 'UTC'), version_id, node_id, metric, key, sum(n) FROM journey_step_rollups GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO journey_step_rollups_day (journey_id, bucket, version_id, node_id, metric, key, n)
  SELECT journey_id, date_trunc('day', bucket, 'UTC'), version_id, node_id, metric, key, sum(n) FROM journey_step_rollups_hour GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO email_rollups_hour (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT journey_id, date_trunc('hour', bucket, 'UTC'), version_id, node_id, template_id, workspace_id, metric, key, sum(n)
  FROM email_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  INSERT INTO email_rollups_day (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT journey_id, date_trunc('day', bucket, 'UTC'), version_id, node_id, template_id, workspace_id, metric, key, sum(n)
  FROM email_rollups_hour GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  DROP TABLE metrics_steps, metrics_events, metrics_firsts;
END $$;
--> statement-breakpoint
SELECT metrics_rebuild_rollups();
