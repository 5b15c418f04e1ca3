ALTER TABLE "journey_runs" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "journey_runs" ADD COLUMN "converted_at" timestamp with time zone;