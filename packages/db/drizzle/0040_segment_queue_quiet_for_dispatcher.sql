-- The segment re-evaluation queue wakes the dispatchers only when someone else queued.
--
-- Every new contact (and every trait audit row) queues its contact for re-evaluation and
-- NOTIFYs the dispatchers, so a change made in the web app or by an open pixel is picked up
-- at once. But most contacts are created by the dispatcher itself, while it applies an
-- event, and the dispatcher drains the queue after every round anyway: the NOTIFY only woke
-- both dispatchers for one more, empty round each (a claim and a drain transaction per
-- dispatcher, for every journey run that created its contact). A dispatcher process marks
-- its sessions with `mailstream.drains_segment_queue = on` (apps/dispatcher/src/main.ts, packages/core/src/dispatch/segment-queue-session.ts);
-- what such a session queues is still queued, in the same statement, and is evaluated by the
-- drain that follows the round (or by the next poll, within a second, for the dispatcher's
-- other loops). Every other session notifies as before.
CREATE OR REPLACE FUNCTION mailstream_queue_segment_reevaluation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued_contact uuid;
  queued_workspace uuid;
BEGIN
  IF TG_TABLE_NAME = 'message_events' OR pg_partition_root(TG_RELID) = 'message_events'::regclass THEN
    IF NEW.type NOT IN ('opened', 'clicked') THEN RETURN NULL; END IF;
    SELECT m.contact_id, m.workspace_id INTO queued_contact, queued_workspace FROM messages m WHERE m.id = NEW.message_id;
  ELSIF TG_TABLE_NAME = 'contacts' THEN
    queued_contact := NEW.id;
    queued_workspace := NEW.workspace_id;
  ELSE
    queued_contact := NEW.contact_id;
    queued_workspace := NEW.workspace_id;
  END IF;
  IF queued_contact IS NULL THEN RETURN NULL; END IF;
  INSERT INTO segment_reevaluations (contact_id, workspace_id) VALUES (queued_contact, queued_workspace)
  ON CONFLICT (contact_id) DO NOTHING;
  IF current_setting('mailstream.drains_segment_queue', true) IS DISTINCT FROM 'on' THEN
    PERFORM pg_notify('mailstream_events', queued_workspace::text);
  END IF;
  RETURN NULL;
END $$;
