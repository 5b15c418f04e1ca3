-- Ingest writes two rows per event since 0028: the event and its messageId key. Each carried a
-- foreign key to workspaces, so each event paid two foreign-key checks (a lookup and share lock
-- of the workspace row, per row). The key's check is redundant: the event row is inserted in
-- the same statement (packages/db/src/queries/events.ts) and checks the same workspace, so a key
-- for a missing workspace fails that statement and is rolled back with it. Only the cascade is
-- still needed; a trigger gives it: deleting a workspace deletes its keys (and, by their own
-- cascade, its schema-violation records), as the foreign key did. bench:ingest measured the cut
-- in docs/performance.md ("Partitioned events").
ALTER TABLE "event_message_ids" DROP CONSTRAINT "event_message_ids_workspace_id_workspaces_id_fk";--> statement-breakpoint
CREATE FUNCTION mailstream_forget_workspace_event_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_message_ids WHERE workspace_id = OLD.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER workspaces_forget_event_message_ids AFTER DELETE ON workspaces
FOR EACH ROW EXECUTE FUNCTION mailstream_forget_workspace_event_keys();
