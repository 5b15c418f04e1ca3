CREATE TABLE "contact_anonymous_ids" (
	"workspace_id" uuid NOT NULL,
	"anonymous_id" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_anonymous_ids_workspace_id_anonymous_id_pk" PRIMARY KEY("workspace_id","anonymous_id")
);
--> statement-breakpoint
CREATE TABLE "segment_reevaluations" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "events_undispatched_idx";--> statement-breakpoint
ALTER TABLE "contact_computed_traits" ADD COLUMN "snapshot" text;--> statement-breakpoint
ALTER TABLE "contact_computed_traits" ADD COLUMN "applied_seqs" bigint[] DEFAULT '{}'::bigint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "insert_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "dispatch_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "dispatch_error" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "parked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contact_anonymous_ids" ADD CONSTRAINT "contact_anonymous_ids_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_anonymous_ids" ADD CONSTRAINT "contact_anonymous_ids_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_reevaluations" ADD CONSTRAINT "segment_reevaluations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_reevaluations" ADD CONSTRAINT "segment_reevaluations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_anonymous_ids_contact_idx" ON "contact_anonymous_ids" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "segment_reevaluations_queued_idx" ON "segment_reevaluations" USING btree ("queued_at");--> statement-breakpoint
CREATE INDEX "events_parked_idx" ON "events" USING btree ("workspace_id","parked_at") WHERE "events"."parked_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "events_undispatched_idx" ON "events" USING btree ("seq") WHERE "events"."dispatched_at" IS NULL AND "events"."parked_at" IS NULL;--> statement-breakpoint
-- The old watermark said "every event with seq <= last_seq is reflected". Dispatched events
-- never replay, so only undispatched ones at or below it need carrying over as applied.
UPDATE contact_computed_traits c SET applied_seqs = coalesce((
  SELECT array_agg(e.seq ORDER BY e.seq) FROM events e
  WHERE e.workspace_id = c.workspace_id AND e.dispatched_at IS NULL AND e.seq <= c.last_seq), '{}'::bigint[]);
--> statement-breakpoint
ALTER TABLE "contact_computed_traits" DROP COLUMN "last_seq";
--> statement-breakpoint
-- Known contacts already own the anonymousId they absorbed before this table existed.
INSERT INTO contact_anonymous_ids (workspace_id, anonymous_id, contact_id)
SELECT workspace_id, anonymous_id, id FROM contacts WHERE user_id IS NOT NULL AND anonymous_id IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Queues a contact for segment re-evaluation (drained by the dispatcher, woken by the NOTIFY)
-- for changes no ingested event carries: a new contact ("never did X" holds at once), a hand
-- edit of traits (its audit row), an email open or click. Same transaction as the change.
CREATE OR REPLACE FUNCTION mailstream_queue_segment_reevaluation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued_contact uuid;
  queued_workspace uuid;
BEGIN
  IF TG_TABLE_NAME = 'message_events' THEN
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
  PERFORM pg_notify('mailstream_events', queued_workspace::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_queue_segment_reevaluation AFTER INSERT ON contacts
FOR EACH ROW EXECUTE FUNCTION mailstream_queue_segment_reevaluation();
--> statement-breakpoint
CREATE TRIGGER contact_trait_audits_queue_segment_reevaluation AFTER INSERT ON contact_trait_audits
FOR EACH ROW EXECUTE FUNCTION mailstream_queue_segment_reevaluation();
--> statement-breakpoint
CREATE TRIGGER message_events_queue_segment_reevaluation AFTER INSERT ON message_events
FOR EACH ROW WHEN (NEW.type IN ('opened', 'clicked')) EXECUTE FUNCTION mailstream_queue_segment_reevaluation();
