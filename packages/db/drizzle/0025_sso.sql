ALTER TYPE "public"."security_event_kind" ADD VALUE 'sso_settings_changed';--> statement-breakpoint
ALTER TYPE "public"."security_event_kind" ADD VALUE 'sso_rule_added';--> statement-breakpoint
ALTER TYPE "public"."security_event_kind" ADD VALUE 'sso_rule_removed';--> statement-breakpoint
ALTER TYPE "public"."security_event_kind" ADD VALUE 'sso_sign_in_refused';--> statement-breakpoint
CREATE TABLE "instance_owners" (
	"user_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sso_domain_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"role" "workspace_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_domain_rules_domain_workspace" UNIQUE("domain","workspace_id"),
	CONSTRAINT "sso_domain_rules_no_owner" CHECK ("sso_domain_rules"."role" <> 'owner'),
	CONSTRAINT "sso_domain_rules_domain_lower" CHECK ("sso_domain_rules"."domain" = lower("sso_domain_rules"."domain"))
);
--> statement-breakpoint
CREATE TABLE "sso_settings" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_sealed" text,
	"scopes" text DEFAULT 'openid email profile' NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_settings_singleton" CHECK ("sso_settings"."singleton")
);
--> statement-breakpoint
ALTER TABLE "security_events" ADD COLUMN "detail" jsonb;--> statement-breakpoint
ALTER TABLE "instance_owners" ADD CONSTRAINT "instance_owners_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_domain_rules" ADD CONSTRAINT "sso_domain_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- An install that already has people: its first account becomes the instance owner (the demo
-- owner on an embedded install), so someone can open the single sign-on page after the upgrade.
INSERT INTO "instance_owners" ("user_id") SELECT "id" FROM "users" ORDER BY "created_at", "id" LIMIT 1;
