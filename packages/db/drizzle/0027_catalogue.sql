CREATE TYPE "public"."catalogue_kind" AS ENUM('event', 'event_path', 'trait', 'event_value', 'trait_value');--> statement-breakpoint
CREATE TABLE "catalogue_entries" (
	"workspace_id" uuid NOT NULL,
	"kind" "catalogue_kind" NOT NULL,
	"event" text DEFAULT '' NOT NULL,
	"path" text DEFAULT '' NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"seen_count" bigint DEFAULT 0 NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"contributors" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "catalogue_entries_workspace_id_kind_event_path_value_pk" PRIMARY KEY("workspace_id","kind","event","path","value"),
	CONSTRAINT "catalogue_entries_contributors_max" CHECK (cardinality("catalogue_entries"."contributors") <= 5)
);
--> statement-breakpoint
CREATE TABLE "catalogue_watermarks" (
	"source" text PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_entries" ADD CONSTRAINT "catalogue_entries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;