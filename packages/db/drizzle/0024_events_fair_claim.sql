-- Fair dispatch (issue 13): the dispatcher claims each workspace's oldest undispatched events
-- round-robin, so it needs the backlog by (workspace_id, seq); the old seq-only index served
-- only the global claim it replaces. Plain CREATE INDEX, not CONCURRENTLY: drizzle's migrator
-- runs every migration inside a transaction, where CONCURRENTLY is refused. The index is
-- partial (undispatched, unparked rows only), so on a drained outbox it builds in moments.
DROP INDEX "events_undispatched_idx";--> statement-breakpoint
CREATE INDEX "events_undispatched_workspace_idx" ON "events" USING btree ("workspace_id","seq") WHERE "events"."dispatched_at" IS NULL AND "events"."parked_at" IS NULL;
