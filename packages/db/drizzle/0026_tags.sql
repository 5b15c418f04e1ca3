ALTER TYPE "public"."message_status" ADD VALUE 'delivered';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'opened';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'clicked';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'bounced';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'complained';--> statement-breakpoint
ALTER TABLE "journeys" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "journeys_tags_idx" ON "journeys" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "templates_tags_idx" ON "templates" USING gin ("tags");