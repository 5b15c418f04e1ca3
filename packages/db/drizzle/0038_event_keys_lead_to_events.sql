-- Ingest writes two rows per event since 0028: the event and its messageId key. This cuts what
-- the pair costs beyond one row, without weakening the dedupe (bench:ingest and the figures are
-- in docs/performance.md, "Partitioned events"):
--
-- 1. The key had its own foreign key to workspaces, so each event paid two foreign-key checks
--    (a lookup and share lock of the workspace row, per row). The event row is inserted in the
--    same statement (packages/db/src/queries/events.ts) and checks the same workspace, so a key
--    for a missing workspace fails that statement and is rolled back with it. Only the cascade
--    is still needed; a trigger gives it: deleting a workspace deletes its keys (and, by their
--    own cascade, its schema-violation records).
-- 2. `events` kept a (workspace_id, message_id) index beside the key's primary key: two
--    random-order btrees per event. The key now holds the event's seq, so a lookup by messageId
--    goes key → event by events' primary key (seq, received_at), and the index goes. Keys are
--    filled from it first; a key whose event is already gone (retention between passes) keeps
--    a null seq.
ALTER TABLE "event_message_ids" DROP CONSTRAINT "event_message_ids_workspace_id_workspaces_id_fk";--> statement-breakpoint
CREATE FUNCTION mailstream_forget_workspace_event_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_message_ids WHERE workspace_id = OLD.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER workspaces_forget_event_message_ids AFTER DELETE ON workspaces
FOR EACH ROW EXECUTE FUNCTION mailstream_forget_workspace_event_keys();
--> statement-breakpoint
ALTER TABLE "event_message_ids" ADD COLUMN "seq" bigint;--> statement-breakpoint
UPDATE "event_message_ids" k SET "seq" = e."seq"
FROM "events" e WHERE e."workspace_id" = k."workspace_id" AND e."message_id" = k."message_id";--> statement-breakpoint
DROP INDEX "events_workspace_message_idx";
