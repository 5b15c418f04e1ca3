-- The dispatcher's fair claim (claimUndispatchedEvents, packages/db/src/queries/events.ts) as
-- a PL/pgSQL function: the same query, but planned once per connection. Sent as a statement it
-- was planned on every round — a skip scan, a lateral head per workspace and a lateral claim,
-- each over every partition of `events` — about 1.5–2.4 ms of planning per call, more than
-- its execution, and the dispatcher claims once per round and once per idle poll.
-- The rows stay locked (FOR UPDATE SKIP LOCKED) by the caller's transaction, as before.
-- `only_workspaces`: null claims from every workspace with a backlog; otherwise only these.
CREATE FUNCTION claim_undispatched_events(lim int, only_workspaces uuid[])
RETURNS TABLE (seq bigint, workspace_id uuid, share int)
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
  SELECT claimed.seq, h.workspace_id, (SELECT n FROM fair) FROM heads h
  CROSS JOIN LATERAL (
    SELECT e.seq FROM events e
     WHERE e.workspace_id = h.workspace_id AND e.dispatched_at IS NULL AND e.parked_at IS NULL
     ORDER BY e.seq LIMIT (SELECT n FROM fair)
       FOR UPDATE SKIP LOCKED
  ) claimed;
END $$;
