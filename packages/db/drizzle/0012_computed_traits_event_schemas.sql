CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."computed_trait_kind" AS ENUM('count', 'sum', 'first_seen', 'last_seen', 'last_value');--> statement-breakpoint
CREATE TYPE "public"."event_schema_mode" AS ENUM('reject', 'flag');--> statement-breakpoint
CREATE TABLE "computed_traits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" "computed_trait_kind" NOT NULL,
	"event_name" text NOT NULL,
	"property" text,
	"filters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"window_seconds" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_computed_traits" (
	"contact_id" uuid NOT NULL,
	"trait_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"last_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_computed_traits_contact_id_trait_id_pk" PRIMARY KEY("contact_id","trait_id")
);
--> statement-breakpoint
CREATE TABLE "erasure_tombstones" (
	"workspace_id" uuid NOT NULL,
	"identity_hash" text NOT NULL,
	"erased_through_seq" bigint NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "erasure_tombstones_workspace_id_identity_hash_pk" PRIMARY KEY("workspace_id","identity_hash")
);
--> statement-breakpoint
CREATE TABLE "event_schema_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"mode" "event_schema_mode" DEFAULT 'flag' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_schema_violations" (
	"workspace_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"event_name" text NOT NULL,
	"problems" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_schema_violations_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "event_schemas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"event_name" text NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_strict" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "computed_traits" ADD CONSTRAINT "computed_traits_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_computed_traits" ADD CONSTRAINT "contact_computed_traits_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_computed_traits" ADD CONSTRAINT "contact_computed_traits_trait_id_computed_traits_id_fk" FOREIGN KEY ("trait_id") REFERENCES "public"."computed_traits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_computed_traits" ADD CONSTRAINT "contact_computed_traits_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_tombstones" ADD CONSTRAINT "erasure_tombstones_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_schema_settings" ADD CONSTRAINT "event_schema_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_schema_violations" ADD CONSTRAINT "event_schema_violations_workspace_id_message_id_events_workspace_id_message_id_fk" FOREIGN KEY ("workspace_id","message_id") REFERENCES "public"."events"("workspace_id","message_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_schemas" ADD CONSTRAINT "event_schemas_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "computed_traits_workspace_key_idx" ON "computed_traits" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE INDEX "computed_traits_workspace_event_idx" ON "computed_traits" USING btree ("workspace_id","event_name");--> statement-breakpoint
CREATE INDEX "contact_computed_traits_trait_idx" ON "contact_computed_traits" USING btree ("trait_id");--> statement-breakpoint
CREATE INDEX "contact_computed_traits_workspace_key_idx" ON "contact_computed_traits" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "event_schemas_workspace_event_idx" ON "event_schemas" USING btree ("workspace_id","event_name");--> statement-breakpoint
CREATE INDEX "contacts_user_id_trgm_idx" ON "contacts" USING gin ("user_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_email_trgm_idx" ON "contacts" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin (("traits" ->> 'name') gin_trgm_ops);