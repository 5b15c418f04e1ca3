-- API key lifecycle: a name, the person who created it, when it was last used, and the end of a
-- rotated key's grace period. Keys that existed before get their kind as a name.
ALTER TABLE "api_keys" ADD COLUMN "name" text;--> statement-breakpoint
UPDATE "api_keys" SET "name" = CASE "kind" WHEN 'write' THEN 'Write key' ELSE 'Secret key' END;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "created_by_user_id" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
