ALTER TABLE "experiment_winners" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "experiment_winners" ADD COLUMN "declared_by" text;--> statement-breakpoint
ALTER TABLE "experiment_winners" ADD COLUMN "stats" jsonb;