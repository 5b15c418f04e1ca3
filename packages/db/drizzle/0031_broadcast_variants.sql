ALTER TABLE "broadcasts" ADD COLUMN "ab_test" jsonb;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "ab_test_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "ab_decision" jsonb;--> statement-breakpoint
ALTER TABLE "broadcast_variants" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "broadcast_variants" ADD COLUMN "sender_name" text;