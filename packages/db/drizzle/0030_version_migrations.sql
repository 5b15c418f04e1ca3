CREATE TYPE "public"."run_migration_item_status" AS ENUM('pending', 'moved', 'ended', 'stayed', 'failed');--> statement-breakpoint
CREATE TABLE "run_migration_items" (
	"migration_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"workflow_id" text NOT NULL,
	"from_step_id" text,
	"status" "run_migration_item_status" DEFAULT 'pending' NOT NULL,
	"detail" text,
	"signalled_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	CONSTRAINT "run_migration_items_migration_id_run_id_pk" PRIMARY KEY("migration_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "run_migrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"journey_id" uuid NOT NULL,
	"from_version_id" uuid NOT NULL,
	"to_version_id" uuid NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_migration_items" ADD CONSTRAINT "run_migration_items_migration_id_run_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."run_migrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_migration_items" ADD CONSTRAINT "run_migration_items_run_id_journey_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."journey_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_migrations" ADD CONSTRAINT "run_migrations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_migrations" ADD CONSTRAINT "run_migrations_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_migrations" ADD CONSTRAINT "run_migrations_from_version_id_journey_versions_id_fk" FOREIGN KEY ("from_version_id") REFERENCES "public"."journey_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_migrations" ADD CONSTRAINT "run_migrations_to_version_id_journey_versions_id_fk" FOREIGN KEY ("to_version_id") REFERENCES "public"."journey_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_migration_items_unsignalled_idx" ON "run_migration_items" USING btree ("migration_id","status","signalled_at");--> statement-breakpoint
CREATE INDEX "run_migration_items_run_idx" ON "run_migration_items" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "run_migrations_journey_idx" ON "run_migrations" USING btree ("journey_id","created_at");