-- Events at scale (issue 14): `events` and `message_events` become partitioned by month of
-- their own time column (events: received_at, our clock; message events: occurred_at), with a
-- DEFAULT partition as the safety net. Postgres keeps a unique index on a partitioned table
-- only if it contains the partition key, so the two dedupe keys move to small unpartitioned
-- tables that ingest writes in the same statement as the row. See docs/data-retention.md.
-- Written by hand: drizzle-kit does not know partitioning; the snapshot agrees with the schema.
CREATE TABLE "event_message_ids" (
	"workspace_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "event_message_ids_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "message_event_keys" (
	"dedupe_key" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
INSERT INTO "event_message_ids" ("workspace_id", "message_id", "received_at")
SELECT "workspace_id", "message_id", "received_at" FROM "events";
--> statement-breakpoint
INSERT INTO "message_event_keys" ("dedupe_key", "workspace_id", "message_id", "occurred_at")
SELECT "dedupe_key", "workspace_id", "message_id", "occurred_at" FROM "message_events";
--> statement-breakpoint
ALTER TABLE "event_message_ids" ADD CONSTRAINT "event_message_ids_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_event_keys" ADD CONSTRAINT "message_event_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_event_keys" ADD CONSTRAINT "message_event_keys_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_message_ids_received_idx" ON "event_message_ids" USING btree ("workspace_id","received_at");--> statement-breakpoint
CREATE INDEX "message_event_keys_message_idx" ON "message_event_keys" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "message_event_keys_ws_time_idx" ON "message_event_keys" USING btree ("workspace_id","occurred_at");--> statement-breakpoint
ALTER TABLE "event_schema_violations" DROP CONSTRAINT "event_schema_violations_workspace_id_message_id_events_workspace_id_message_id_fk";--> statement-breakpoint
ALTER TABLE "event_schema_violations" ADD CONSTRAINT "event_schema_violations_event_fk" FOREIGN KEY ("workspace_id","message_id") REFERENCES "public"."event_message_ids"("workspace_id","message_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The old tables step aside (their index and constraint names are reused below) and keep
-- their rows until the copy; the sequences pass to the new tables.
ALTER TABLE "events" RENAME TO "events_unpartitioned";--> statement-breakpoint
ALTER TABLE "events_unpartitioned" DROP CONSTRAINT "events_pkey", DROP CONSTRAINT "events_id_unique", DROP CONSTRAINT "events_workspace_id_workspaces_id_fk";--> statement-breakpoint
DROP INDEX IF EXISTS "events_workspace_message_idx", "events_undispatched_idx", "events_undispatched_workspace_idx", "events_parked_idx", "events_workspace_user_idx";--> statement-breakpoint
ALTER SEQUENCE "events_seq_seq" OWNED BY NONE;--> statement-breakpoint
ALTER TABLE "message_events" RENAME TO "message_events_unpartitioned";--> statement-breakpoint
DROP TRIGGER "message_events_metrics" ON "message_events_unpartitioned";--> statement-breakpoint
DROP TRIGGER "message_events_queue_segment_reevaluation" ON "message_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "message_events_unpartitioned" DROP CONSTRAINT "message_events_pkey", DROP CONSTRAINT "message_events_dedupe_key_unique", DROP CONSTRAINT "message_events_workspace_id_workspaces_id_fk", DROP CONSTRAINT "message_events_message_id_messages_id_fk";--> statement-breakpoint
DROP INDEX IF EXISTS "message_events_message_idx", "message_events_ws_time_idx";--> statement-breakpoint
ALTER SEQUENCE "message_events_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigint DEFAULT nextval('events_seq_seq') NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"type" "event_type" NOT NULL,
	"user_id" text,
	"anonymous_id" text,
	"event" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"insert_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"dispatch_attempts" integer DEFAULT 0 NOT NULL,
	"dispatch_error" text,
	"parked_at" timestamp with time zone,
	CONSTRAINT "events_seq_received_at_pk" PRIMARY KEY("seq","received_at")
) PARTITION BY RANGE ("received_at");
--> statement-breakpoint
ALTER SEQUENCE "events_seq_seq" OWNED BY "events"."seq";--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_workspace_message_idx" ON "events" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE INDEX "events_undispatched_workspace_idx" ON "events" USING btree ("workspace_id","seq") WHERE "events"."dispatched_at" IS NULL AND "events"."parked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "events_parked_idx" ON "events" USING btree ("workspace_id","parked_at") WHERE "events"."parked_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "events_workspace_user_idx" ON "events" USING btree ("workspace_id","user_id","timestamp");--> statement-breakpoint
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;--> statement-breakpoint
CREATE TABLE "message_events" (
	"id" bigint DEFAULT nextval('message_events_id_seq') NOT NULL,
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"type" "message_event_type" NOT NULL,
	"dedupe_key" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_events_id_occurred_at_pk" PRIMARY KEY("id","occurred_at")
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
ALTER SEQUENCE "message_events_id_seq" OWNED BY "message_events"."id";--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_events_message_idx" ON "message_events" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "message_events_ws_time_idx" ON "message_events" USING btree ("workspace_id","occurred_at");--> statement-breakpoint
CREATE TABLE "message_events_default" PARTITION OF "message_events" DEFAULT;--> statement-breakpoint
-- One month's partition of `parent` (named <parent>_pYYYY_MM, bounds in UTC). Rows of that
-- month waiting in the DEFAULT partition move into it first: Postgres refuses a new range
-- that DEFAULT rows fall in. The move is a plain insert into the not yet attached table, so
-- no row trigger fires twice. Returns whether it created the partition.
CREATE FUNCTION mailstream_create_month_partition(parent text, key text, month date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  part text := parent || '_p' || to_char(month, 'YYYY_MM');
  lo timestamptz := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(quote_ident(part)) IS NOT NULL THEN RETURN false; END IF;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS)', part, parent);
  EXECUTE format(
    'WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
    parent || '_default', key, key, part) USING lo, hi;
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
  RETURN true;
END $$;
--> statement-breakpoint
-- Partitions for this month and `months_ahead` more, for both tables, and for any month of
-- the last `months_back` whose rows sit in a DEFAULT partition (drained into their month).
-- Rows further back or further ahead (a provider's odd occurred_at) stay in DEFAULT, so a
-- hostile time cannot make us create hundreds of partitions. Returns how many it created.
CREATE FUNCTION mailstream_ensure_event_partitions(months_ahead integer, months_back integer DEFAULT 24) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  this_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  earliest timestamptz := (this_month - make_interval(months => months_back))::timestamp AT TIME ZONE 'UTC';
  latest timestamptz := (this_month + make_interval(months => months_ahead + 1))::timestamp AT TIME ZONE 'UTC';
  month date;
  created integer := 0;
BEGIN
  FOR month IN
    SELECT (this_month + make_interval(months => i))::date FROM generate_series(0, months_ahead) i
    UNION SELECT date_trunc('month', received_at AT TIME ZONE 'UTC')::date FROM events_default
      WHERE received_at >= earliest AND received_at < latest
  LOOP
    IF mailstream_create_month_partition('events', 'received_at', month) THEN created := created + 1; END IF;
  END LOOP;
  FOR month IN
    SELECT (this_month + make_interval(months => i))::date FROM generate_series(0, months_ahead) i
    UNION SELECT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date FROM message_events_default
      WHERE occurred_at >= earliest AND occurred_at < latest
  LOOP
    IF mailstream_create_month_partition('message_events', 'occurred_at', month) THEN created := created + 1; END IF;
  END LOOP;
  RETURN created;
END $$;
--> statement-breakpoint
-- Existing rows go to DEFAULT first and are drained into their months by the function.
INSERT INTO "events_default" ("seq", "id", "workspace_id", "message_id", "type", "user_id", "anonymous_id", "event",
  "properties", "traits", "context", "timestamp", "received_at", "dispatched_at", "insert_xid", "dispatch_attempts",
  "dispatch_error", "parked_at")
SELECT "seq", "id", "workspace_id", "message_id", "type", "user_id", "anonymous_id", "event",
  "properties", "traits", "context", "timestamp", "received_at", "dispatched_at", "insert_xid", "dispatch_attempts",
  "dispatch_error", "parked_at"
FROM "events_unpartitioned";
--> statement-breakpoint
INSERT INTO "message_events_default" ("id", "workspace_id", "message_id", "type", "dedupe_key", "data", "occurred_at")
SELECT "id", "workspace_id", "message_id", "type", "dedupe_key", "data", "occurred_at" FROM "message_events_unpartitioned";
--> statement-breakpoint
SELECT mailstream_ensure_event_partitions(3);--> statement-breakpoint
DROP TABLE "events_unpartitioned";--> statement-breakpoint
DROP TABLE "message_events_unpartitioned";--> statement-breakpoint
-- The row triggers, now on the partitioned table (each partition gets a clone). A clone fires
-- with the partition's name in TG_TABLE_NAME, so the shared trigger function asks for the
-- partition root instead.
CREATE TRIGGER message_events_metrics AFTER INSERT ON message_events FOR EACH ROW EXECUTE FUNCTION metrics_on_message_event();
--> statement-breakpoint
CREATE TRIGGER message_events_queue_segment_reevaluation AFTER INSERT ON message_events
FOR EACH ROW WHEN (NEW.type IN ('opened', 'clicked')) EXECUTE FUNCTION mailstream_queue_segment_reevaluation();
--> statement-breakpoint
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
  PERFORM pg_notify('mailstream_events', queued_workspace::text);
  RETURN NULL;
END $$;
