CREATE TABLE "journey_entry_skips" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"journey_id" uuid NOT NULL,
	"version_id" uuid,
	"contact_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"entry_key" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journey_runs" ADD COLUMN "entry_key" text;--> statement-breakpoint
ALTER TABLE "journey_entry_skips" ADD CONSTRAINT "journey_entry_skips_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_entry_skips" ADD CONSTRAINT "journey_entry_skips_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_entry_skips" ADD CONSTRAINT "journey_entry_skips_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journey_entry_skips_journey_event_idx" ON "journey_entry_skips" USING btree ("journey_id","event_id");--> statement-breakpoint
CREATE INDEX "journey_entry_skips_contact_idx" ON "journey_entry_skips" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "journey_runs_journey_started_idx" ON "journey_runs" USING btree ("journey_id","started_at");