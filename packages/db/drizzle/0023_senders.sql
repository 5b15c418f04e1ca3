CREATE TABLE "workspace_senders" (
	"workspace_id" uuid NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_senders_workspace_id_value_pk" PRIMARY KEY("workspace_id","value")
);
--> statement-breakpoint
ALTER TABLE "workspace_senders" ADD CONSTRAINT "workspace_senders_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Declares what is already in use, so nothing live stops: each workspace's default From, and the
-- From of every email step of a published journey (the pinned template version's, else the
-- template's). Stored as the bare address in lower case ("Name <a@b>" → "a@b").
INSERT INTO "workspace_senders" ("workspace_id", "value")
SELECT DISTINCT "in_use"."workspace_id", lower(coalesce(substring("in_use"."sender" from '<([^<>]+)>'), btrim("in_use"."sender")))
FROM (
	SELECT "w"."id" AS "workspace_id", "w"."settings"->>'defaultFrom' AS "sender"
	FROM "workspaces" "w"
	UNION ALL
	SELECT "j"."workspace_id", coalesce("tv"."content"->>'fromAddress', "t"."from_address")
	FROM "journeys" "j"
	JOIN "journey_versions" "v" ON "v"."id" = "j"."live_version_id"
	CROSS JOIN LATERAL jsonb_each("v"."plan"->'steps') AS "step"("id", "body")
	LEFT JOIN "template_versions" "tv" ON "tv"."id"::text = "step"."body"->>'templateVersionId'
	LEFT JOIN "templates" "t" ON "t"."id"::text = "step"."body"->>'templateId'
	WHERE "step"."body"->>'kind' = 'email'
) AS "in_use"
WHERE "in_use"."sender" IS NOT NULL AND position('@' in "in_use"."sender") > 0
ON CONFLICT DO NOTHING;
