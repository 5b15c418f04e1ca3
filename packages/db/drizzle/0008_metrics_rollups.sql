CREATE TABLE "experiment_winners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"journey_id" uuid NOT NULL,
	"version_id" uuid,
	"node_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"metric" text NOT NULL,
	"probability_best" double precision NOT NULL,
	"confidence" double precision NOT NULL,
	"min_sample" integer NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"journey_id" uuid,
	"metric" text NOT NULL,
	"rate" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"sends" integer NOT NULL,
	"window_minutes" integer NOT NULL,
	"action" text DEFAULT 'none' NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "metric_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"attribution_window_hours" integer DEFAULT 72 NOT NULL,
	"bounce_rate_threshold" double precision DEFAULT 0.05 NOT NULL,
	"complaint_rate_threshold" double precision DEFAULT 0.003 NOT NULL,
	"alert_window_minutes" integer DEFAULT 60 NOT NULL,
	"alert_min_sends" integer DEFAULT 50 NOT NULL,
	"is_auto_pause_enabled" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_rollups" (
	"journey_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"template_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "email_rollups_journey_id_bucket_version_id_node_id_template_id_metric_key_pk" PRIMARY KEY("journey_id","bucket","version_id","node_id","template_id","metric","key")
);
--> statement-breakpoint
CREATE TABLE "journey_step_rollups" (
	"journey_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_step_rollups_journey_id_bucket_version_id_node_id_metric_key_pk" PRIMARY KEY("journey_id","bucket","version_id","node_id","metric","key")
);
--> statement-breakpoint
CREATE TABLE "message_event_firsts" (
	"message_id" uuid NOT NULL,
	"type" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	CONSTRAINT "message_event_firsts_message_id_type_key_pk" PRIMARY KEY("message_id","type","key")
);
--> statement-breakpoint
CREATE TABLE "workspace_rollups" (
	"workspace_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "workspace_rollups_workspace_id_bucket_metric_key_pk" PRIMARY KEY("workspace_id","bucket","metric","key")
);
--> statement-breakpoint
ALTER TABLE "experiment_winners" ADD CONSTRAINT "experiment_winners_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_alerts" ADD CONSTRAINT "metric_alerts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_alerts" ADD CONSTRAINT "metric_alerts_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_settings" ADD CONSTRAINT "metric_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_winners_node_idx" ON "experiment_winners" USING btree ("journey_id","node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_alerts_open_idx" ON "metric_alerts" USING btree ("workspace_id","scope","metric") WHERE "metric_alerts"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX "metric_alerts_workspace_idx" ON "metric_alerts" USING btree ("workspace_id","raised_at");--> statement-breakpoint
CREATE INDEX "email_rollups_template_idx" ON "email_rollups" USING btree ("workspace_id","template_id","bucket");--> statement-breakpoint
CREATE INDEX "workspace_rollups_key_idx" ON "workspace_rollups" USING btree ("workspace_id","metric","bucket") WHERE "workspace_rollups"."key" <> '';