-- The dispatcher's per-round statements on `events` and on the segment queue as PL/pgSQL
-- functions, whose plans Postgres keeps per connection (as 0037 did for the claim): sent as
-- statements, the claimed rows' read and the `dispatched_at` update were planned on every
-- round over every partition of `events` (≈ 0.2 ms each), and the queue's delete ≈ 0.17 ms
-- on each of its two calls per run — more than running them.
--
-- The claim now returns the claimed rows whole (the lateral that locks them reads them
-- anyway), so the separate read by seq goes: one statement per round fewer. Its first
-- columns are still seq, workspace_id and share, so a dispatcher of the code before this
-- migration, which selects those three by name, keeps working during a rolling restart.
DROP FUNCTION claim_undispatched_events(int, uuid[]);
--> statement-breakpoint
CREATE FUNCTION claim_undispatched_events(lim int, only_workspaces uuid[])
RETURNS TABLE (
  seq bigint, workspace_id uuid, share int,
  id uuid, message_id text, type event_type, user_id text, anonymous_id text, event text,
  properties jsonb, traits jsonb, context jsonb, "timestamp" timestamptz, received_at timestamptz,
  dispatched_at timestamptz
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH RECURSIVE skip(workspace_id) AS (
    (SELECT e.workspace_id FROM events e WHERE e.dispatched_at IS NULL AND e.parked_at IS NULL
      ORDER BY e.workspace_id LIMIT 1)
    UNION ALL
    SELECT (SELECT e.workspace_id FROM events e
             WHERE e.dispatched_at IS NULL AND e.parked_at IS NULL AND e.workspace_id > s.workspace_id
             ORDER BY e.workspace_id LIMIT 1)
      FROM skip s WHERE s.workspace_id IS NOT NULL
  ),
  -- One branch runs: the skip scan is only read when no workspaces are named.
  backlog AS (
    SELECT s.workspace_id FROM skip s WHERE only_workspaces IS NULL AND s.workspace_id IS NOT NULL
    UNION ALL
    SELECT DISTINCT w.id FROM unnest(only_workspaces) AS w(id) WHERE only_workspaces IS NOT NULL
  ),
  heads AS (
    SELECT b.workspace_id, first.seq FROM backlog b
    CROSS JOIN LATERAL (
      SELECT e.seq FROM events e
       WHERE e.workspace_id = b.workspace_id AND e.dispatched_at IS NULL AND e.parked_at IS NULL
       ORDER BY e.seq LIMIT 1
    ) first
    ORDER BY first.seq LIMIT lim
  ),
  fair AS (SELECT greatest(1, lim / count(*))::int AS n FROM heads)
  SELECT c.seq, h.workspace_id, (SELECT n FROM fair),
         c.id, c.message_id, c.type, c.user_id, c.anonymous_id, c.event,
         c.properties, c.traits, c.context, c."timestamp", c.received_at, c.dispatched_at
    FROM heads h
  CROSS JOIN LATERAL (
    SELECT e.seq, e.id, e.message_id, e.type, e.user_id, e.anonymous_id, e.event,
           e.properties, e.traits, e.context, e."timestamp", e.received_at, e.dispatched_at
      FROM events e
     WHERE e.workspace_id = h.workspace_id AND e.dispatched_at IS NULL AND e.parked_at IS NULL
     ORDER BY e.seq LIMIT (SELECT n FROM fair)
       FOR UPDATE SKIP LOCKED
  ) c
  ORDER BY c.seq;
END $$;
--> statement-breakpoint
-- The claim transaction's last statement: the rows it holds locked are dispatched. The plan
-- is forced generic: with a custom plan for `seq = ANY(seqs)` estimated cheaper, PL/pgSQL
-- would plan it anew on every call over every partition (measured: 0.3 ms a call, as before).
CREATE FUNCTION mark_events_dispatched(seqs bigint[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  UPDATE events SET dispatched_at = now() WHERE seq = ANY(seqs);
END $$;
--> statement-breakpoint
-- One page of the segment re-evaluation queue, oldest first, deleted in the caller's
-- transaction (a rollback queues them again); SKIP LOCKED lets dispatchers share the queue.
CREATE FUNCTION take_segment_reevaluations(lim int, only_workspaces uuid[])
RETURNS TABLE (contact_id uuid, workspace_id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  DELETE FROM segment_reevaluations s WHERE s.contact_id IN (
    SELECT q.contact_id FROM segment_reevaluations q
     WHERE only_workspaces IS NULL OR q.workspace_id = ANY(only_workspaces)
     ORDER BY q.queued_at LIMIT lim
       FOR UPDATE SKIP LOCKED
  ) RETURNING s.contact_id, s.workspace_id;
END $$;
--> statement-breakpoint
-- What a dispatch round consults, read once per round after the claim (dispatch-batch.ts), in
-- one statement instead of four: the live and paused journeys triggered by the round's event
-- names (with their live plan), the published versions whose plan listens for those names
-- (until-event waits, goals, exit criteria), the workspaces' segments, and the computed traits
-- those names feed. The same four selects as before (queries/dispatch-definitions.ts), each a
-- jsonb array with the keys the dispatcher reads. The plan is forced generic, as
-- mark_events_dispatched's: left to choose, PL/pgSQL planned it anew on each call (0.39 ms).
CREATE FUNCTION dispatch_definitions(workspace_ids uuid[], event_names text[])
RETURNS TABLE (journeys jsonb, listening_versions jsonb, segments jsonb, computed_traits jsonb)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN QUERY SELECT
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'journeyId', j.id, 'workspaceId', j.workspace_id, 'versionId', v.id, 'plan', v.plan, 'status', j.status)), '[]')
       FROM journeys j JOIN journey_versions v ON v.id = j.live_version_id
      WHERE j.status IN ('live', 'paused') AND j.workspace_id = ANY(workspace_ids)
        AND v.plan -> 'trigger' ->> 'event' = ANY(event_names)),
    (SELECT coalesce(jsonb_agg(jsonb_build_object('versionId', v.id, 'plan', v.plan)), '[]')
       FROM journey_versions v JOIN journeys j ON j.id = v.journey_id
      WHERE j.workspace_id = ANY(workspace_ids)
        AND (v.plan -> 'settings' -> 'goal' ->> 'event' = ANY(event_names)
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(v.plan -> 'settings' -> 'exitCriteria', '[]'::jsonb)) AS c(body)
                      WHERE c.body ->> 'event' = ANY(event_names))
          OR EXISTS (SELECT 1 FROM jsonb_each(v.plan -> 'steps') AS s(id, body)
                      WHERE s.body ->> 'kind' = 'wait_until_event' AND s.body ->> 'event' = ANY(event_names)))),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'workspaceId', s.workspace_id, 'name', s.name, 'definition', s.definition,
        'createdAt', s.created_at, 'updatedAt', s.updated_at)), '[]')
       FROM segments s WHERE s.workspace_id = ANY(workspace_ids)),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', t.id, 'workspaceId', t.workspace_id, 'key', t.key, 'kind', t.kind, 'eventName', t.event_name,
        'property', t.property, 'filters', t.filters, 'windowSeconds', t.window_seconds, 'version', t.version,
        'createdAt', t.created_at, 'updatedAt', t.updated_at)), '[]')
       FROM computed_traits t WHERE t.workspace_id = ANY(workspace_ids) AND t.event_name = ANY(event_names));
END $$;
