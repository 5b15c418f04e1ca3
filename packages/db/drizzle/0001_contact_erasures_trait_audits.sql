CREATE TABLE "contact_trait_audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"changes" jsonb NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_hash" text NOT NULL,
	"events_deleted" integer NOT NULL,
	"messages_deleted" integer NOT NULL,
	"message_events_deleted" integer NOT NULL,
	"runs_deleted" integer NOT NULL,
	"run_steps_deleted" integer NOT NULL,
	"workflows_terminated" integer NOT NULL,
	"requested_by_key_id" uuid,
	"source" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_trait_audits" ADD CONSTRAINT "contact_trait_audits_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_trait_audits" ADD CONSTRAINT "contact_trait_audits_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasures" ADD CONSTRAINT "erasures_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_trait_audits_contact_idx" ON "contact_trait_audits" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "erasures_workspace_time_idx" ON "erasures" USING btree ("workspace_id","requested_at");