CREATE TABLE "suppression_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"email" text NOT NULL,
	"action" text NOT NULL,
	"reason" "suppression_reason" NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "suppressions" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "suppression_log" ADD CONSTRAINT "suppression_log_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suppression_log_workspace_at_idx" ON "suppression_log" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "suppressions_workspace_created_idx" ON "suppressions" USING btree ("workspace_id","created_at");