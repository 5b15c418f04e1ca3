-- Message events: the metrics trigger fires once per INSERT statement over its new rows (a
-- transition table), so a broadcast page's 200 events bump each counter once with their sum
-- instead of once per event. What it counts is exactly what the per-row trigger (0009)
-- counted: every event its type's total; the first event of a type per message (arbitrated
-- by message_event_firsts' key, so concurrent firsts cannot both count) its `_unique` counter
-- and for sent, bounced and complained the recipient domain's; a click its link, and the
-- link's first click per message `link_clicked_unique`; journey emails the same in the
-- email tiers. Within one statement the earliest event (by id, the insert order the row
-- trigger fired in) is the first, in its own minute.
-- Each event looks its message up by key (LATERAL … LIMIT 1, never a join the planner may turn
-- into a scan of `messages`), and the function plans with seq scans off: its plan is cached
-- per session, and one made on a near-empty `messages` (a fresh database's first page) kept
-- scanning the whole table for every later statement — the cost grew with the table. Planning
-- afresh per INSERT (EXECUTE) cured that too but cost a single event's insert 0.7 ms more.
CREATE FUNCTION metrics_on_message_events() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
  WITH ev AS MATERIALIZED (
    SELECT e.id, e.workspace_id, e.message_id, e.type::text AS kind, e.occurred_at,
           CASE WHEN e.type = 'clicked' THEN e.data->>'url' END AS url,
           lower(split_part(m.to_address, '@', 2)) AS domain,
           m.journey_id, m.node_id, coalesce(m.template_id, '00000000-0000-0000-0000-000000000000'::uuid) AS template_id,
           m.version_id
    FROM new_events e
    CROSS JOIN LATERAL (
      SELECT m.to_address, m.journey_id, m.node_id, m.template_id, r.version_id
      FROM messages m LEFT JOIN journey_runs r ON r.id = m.run_id
      WHERE m.id = e.message_id LIMIT 1
    ) m
  ),
  -- Each event claims its type's first; a click also its link's. Per key the earliest claim
  -- is the candidate; a claim keyed '' is always a type's (an event claims its type first).
  candidates AS MATERIALIZED (
    SELECT DISTINCT ON (message_id, kind, key) id, message_id, kind, key
    FROM (SELECT id, message_id, kind, '' AS key FROM ev
          UNION ALL SELECT id, message_id, kind, url FROM ev WHERE url IS NOT NULL) c
    ORDER BY message_id, kind, key, id
  ),
  claimed AS (
    INSERT INTO message_event_firsts (message_id, type, key)
    SELECT message_id, kind, key FROM candidates ORDER BY message_id, kind, key
    ON CONFLICT DO NOTHING
    RETURNING message_id, type, key
  ),
  firsts AS (
    SELECT c.id, c.key = '' AS of_type
    FROM candidates c JOIN claimed f ON f.message_id = c.message_id AND f.type = c.kind AND f.key = c.key
  ),
  flagged AS MATERIALIZED (
    SELECT ev.*, t.id IS NOT NULL AS type_first, l.id IS NOT NULL AS link_first
    FROM ev
    LEFT JOIN firsts t ON t.id = ev.id AND t.of_type
    LEFT JOIN firsts l ON l.id = ev.id AND NOT l.of_type
  ),
  workspace_bumps AS (
    SELECT workspace_id, occurred_at, kind AS metric, '' AS key FROM flagged
    UNION ALL SELECT workspace_id, occurred_at, kind || '_unique', '' FROM flagged WHERE type_first
    UNION ALL SELECT workspace_id, occurred_at, kind || '_unique', 'domain:' || domain FROM flagged
      WHERE type_first AND kind IN ('sent', 'bounced', 'complained')
  ),
  workspace_minute AS (
    INSERT INTO workspace_rollups (workspace_id, bucket, metric, key, n)
    SELECT workspace_id, date_trunc('minute', occurred_at), metric, key, count(*) FROM workspace_bumps
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, bucket, metric, key) DO UPDATE SET n = workspace_rollups.n + EXCLUDED.n
  ),
  email_bumps AS MATERIALIZED (
    SELECT journey_id, occurred_at, version_id, node_id, template_id, workspace_id, metric, key
    FROM (
      SELECT *, kind AS metric, '' AS key FROM flagged
      UNION ALL SELECT *, kind || '_unique', '' FROM flagged WHERE type_first
      UNION ALL SELECT *, 'link_clicked', url FROM flagged WHERE kind = 'clicked' AND url IS NOT NULL
      UNION ALL SELECT *, 'link_clicked_unique', url FROM flagged WHERE link_first
    ) b
    WHERE journey_id IS NOT NULL AND node_id IS NOT NULL AND version_id IS NOT NULL
  ),
  email_minute AS (
    INSERT INTO email_rollups (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
    SELECT journey_id, date_trunc('minute', occurred_at), version_id, node_id, template_id, workspace_id, metric, key, count(*)
    FROM email_bumps GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key) DO UPDATE SET n = email_rollups.n + EXCLUDED.n
  ),
  email_hour AS (
    INSERT INTO email_rollups_hour (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
    SELECT journey_id, date_trunc('hour', occurred_at, 'UTC'), version_id, node_id, template_id, workspace_id, metric, key, count(*)
    FROM email_bumps GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key) DO UPDATE SET n = email_rollups_hour.n + EXCLUDED.n
  )
  INSERT INTO email_rollups_day (journey_id, bucket, version_id, node_id, template_id, workspace_id, metric, key, n)
  SELECT journey_id, date_trunc('day', occurred_at, 'UTC'), version_id, node_id, template_id, workspace_id, metric, key, count(*)
  FROM email_bumps GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (journey_id, bucket, version_id, node_id, template_id, metric, key) DO UPDATE SET n = email_rollups_day.n + EXCLUDED.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER message_events_metrics ON message_events;
--> statement-breakpoint
CREATE TRIGGER message_events_metrics AFTER INSERT ON message_events
REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION metrics_on_message_events();
--> statement-breakpoint
DROP FUNCTION metrics_on_message_event();
