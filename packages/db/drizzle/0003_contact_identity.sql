CREATE TABLE "contact_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"from_contact_id" uuid NOT NULL,
	"into_contact_id" uuid NOT NULL,
	"anonymous_id" text NOT NULL,
	"user_id" text NOT NULL,
	"message_id" text NOT NULL,
	"traits_adopted" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "anonymous_id" text;--> statement-breakpoint
ALTER TABLE "contact_merges" ADD CONSTRAINT "contact_merges_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_merges_event_idx" ON "contact_merges" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_workspace_anonymous_idx" ON "contacts" USING btree ("workspace_id","anonymous_id");