// `journeys`: list, search, read, create (empty or from the gallery), rename, duplicate, delete, tags, save a draft, publish;
// lifecycle (pause, resume, archive), versions with their active runs, skipped entries; the
// republish review and publish with a plan for the waiting runs (move them to the new version).
import type { JourneyGraph } from "@mailstream/journey/schema";
import { z } from "zod";
import {
  createJourney,
  getJourney,
  listJourneys,
  renameJourneyById,
  saveJourneyDraft,
} from "@mailstream/core/journeys/journeys";
import {
  changeJourneyTag,
  deleteJourney,
  duplicateJourney,
  searchJourneys,
} from "@mailstream/core/journeys/journey-list";
import { publishJourney } from "@mailstream/core/journeys/publish-journey";
import { pushJourneys } from "@mailstream/core/journeys/push-journeys";
import { roleHas } from "@mailstream/auth/permissions";
import { ZTemplateContentSchema } from "@mailstream/emails/template";
import { forbiddenMessage } from "../authz";
import {
  archiveJourney,
  listEntrySkips,
  listJourneyVersions,
  pauseJourney,
  resumeJourney,
} from "@mailstream/core/journeys/journey-lifecycle";
import {
  getRunMigrationProgress,
  publishJourneyWithPlan,
  resumeRunMigration,
} from "@mailstream/core/journeys/migrate-runs";
import { reviewRepublish } from "@mailstream/core/journeys/republish-review";
import { testRunJourney } from "@mailstream/core/test-runs/test-run-journey";
import { createJourneyFromGallery } from "@mailstream/core/gallery/create-from-gallery";
import { listGallery } from "@mailstream/core/gallery/gallery";
import { TRPCError } from "@trpc/server";
import { spendTestSend } from "../test-send-limit";
import { createTRPCRouter, permissionProcedure, type Context } from "../trpc";
import { ZListPageSchema, ZListSearchSchema, ZTagSchema } from "./list-inputs";
import { ZAddressSchema, ZTemplateNameSchema } from "./templates";

const ZJourneyIdSchema = z.object({ journeyId: z.uuid({ message: "journeyId must be a UUID" }) });
// The use case parses the graph (journey's parse.ts), so a bad field is named by its node;
// the router only insists on an object, typed for clients.
const ZGraphInputSchema = z.custom<JourneyGraph>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  {
    message: "graph must be an object with nodes and edges",
  },
);

const ZStepIdSchema = z.string().min(1, "step id must not be empty").max(200, "step id is at most 200 characters");
// Old step id → a step of the new version, or the end of the run; at most one entry per plan step.
const ZRunsPlanSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("finish") }),
  z.object({
    mode: z.literal("move"),
    mapping: z
      .record(
        ZStepIdSchema,
        z.union([z.object({ to: ZStepIdSchema }).strict(), z.object({ end: z.literal(true) }).strict()], {
          message: 'each mapping entry is { to: "<step id>" } or { end: true }',
        }),
      )
      .refine((mapping) => Object.keys(mapping).length <= 500, "mapping has at most 500 steps"),
  }),
]);

const ZJourneyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the journey a name")
  .max(200, "Name must be at most 200 characters");

const ZTestRunInputSchema = ZJourneyIdSchema.extend({
  source: z.enum(["draft", "live"], { message: "source must be draft or live" }),
  // Shape checked by the use case (test-script.ts), so each problem is named by its entry or line.
  script: z.record(z.string(), z.unknown()),
  lines: z.string().max(20_000, "The script must be at most 20,000 characters").optional(),
});

// `mailstream push`'s bundle: bounded so one call cannot hold the transaction (and the workspace's
// naming lock) for long. Email steps name a bundle template by its `ref` (it may not exist yet).
const ZPushInputSchema = z.object({
  templates: z
    .array(
      z.object({
        ref: z.string().min(1, "ref must not be empty").max(300, "ref is at most 300 characters"),
        name: ZTemplateNameSchema,
        content: ZTemplateContentSchema,
        fromAddress: ZAddressSchema.default(null),
        replyTo: ZAddressSchema.default(null),
      }),
    )
    .max(200, "A push holds at most 200 templates"),
  journeys: z
    .array(z.object({ name: ZJourneyNameSchema, graph: ZGraphInputSchema }))
    .max(100, "A push holds at most 100 journeys"),
  publish: z.boolean({ message: "publish must be true or false" }).default(false),
});

const testRunDeps = (ctx: Context) => ({ db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.journeyTaskQueue });

export const journeysRouter = createTRPCRouter({
  list: permissionProcedure("journeys:read").query(({ ctx }) => listJourneys(ctx.db, ctx.workspaceId)),

  /** One page of `{ items, total, tags }`: name contains `search` (any case), `status`, `tag`. */
  search: permissionProcedure("journeys:read")
    .input(
      ZListPageSchema.extend({
        search: ZListSearchSchema,
        status: z
          .enum(["draft", "live", "paused", "archived"], { message: "status must be draft, live, paused or archived" })
          .optional(),
        tag: ZTagSchema.optional(),
      }),
    )
    .query(({ ctx, input }) => searchJourneys(ctx.db, ctx.workspaceId, input)),

  byId: permissionProcedure("journeys:read")
    .input(ZJourneyIdSchema)
    .query(({ ctx, input }) => getJourney(ctx.db, ctx.workspaceId, input.journeyId)),

  create: permissionProcedure("journeys:write")
    .input(z.object({ name: ZJourneyNameSchema }))
    .mutation(({ ctx, input }) => createJourney(ctx.db, ctx.workspaceId, input.name, ctx.audit)),

  /** The gallery's ready-made journeys: name, description, the events each expects, its steps by kind. */
  gallery: permissionProcedure("journeys:read").query(() => listGallery()),

  /** A gallery journey as a new draft with its own templates (a taken name gets a suffix); one transaction, audited. */
  createFromGallery: permissionProcedure("journeys:write")
    .input(
      z.object({
        galleryId: z
          .string({ message: "galleryId must be the id of a gallery journey" })
          .trim()
          .min(1, "galleryId must be the id of a gallery journey")
          .max(100, "galleryId is at most 100 characters"),
        name: ZJourneyNameSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createJourneyFromGallery(ctx.db, ctx.workspaceId, input, ctx.audit)),

  rename: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ name: ZJourneyNameSchema }))
    .mutation(({ ctx, input }) => renameJourneyById(ctx.db, ctx.workspaceId, input.journeyId, input.name, ctx.audit)),

  /** A new draft with this journey's draft graph and tags, named "… (copy)". */
  duplicate: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema)
    .mutation(({ ctx, input }) => duplicateJourney(ctx.db, ctx.workspaceId, input.journeyId, ctx.audit)),

  /** Deletes a draft or an archived journey without active runs; a live or paused one must be archived first. */
  delete: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema)
    .mutation(({ ctx, input }) => deleteJourney(ctx.db, ctx.workspaceId, input.journeyId, ctx.audit)),

  addTag: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ tag: ZTagSchema }))
    .mutation(({ ctx, input }) => changeJourneyTag(ctx.db, ctx.workspaceId, { ...input, change: "add" }, ctx.audit)),

  removeTag: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ tag: ZTagSchema }))
    .mutation(({ ctx, input }) => changeJourneyTag(ctx.db, ctx.workspaceId, { ...input, change: "remove" }, ctx.audit)),

  saveDraft: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ graph: ZGraphInputSchema }))
    .mutation(({ ctx, input }) => saveJourneyDraft(ctx.db, ctx.workspaceId, input.journeyId, input.graph, ctx.audit)),

  /**
   * `mailstream push`: templates created or updated by name, each journey's draft saved (created
   * when new) and, with `publish`, published — all in one transaction, audited item by item as
   * the editor's writes are. Writing templates also needs "templates:write".
   */
  push: permissionProcedure("journeys:write")
    .input(ZPushInputSchema)
    .mutation(({ ctx, input }) => {
      if (input.templates.length > 0 && !roleHas(ctx.actor.role, "templates:write"))
        throw new TRPCError({ code: "FORBIDDEN", message: forbiddenMessage(ctx.actor.role, "templates:write") });
      return pushJourneys({ db: ctx.db, workspaceId: ctx.workspaceId, bundle: input, audit: ctx.audit });
    }),

  /** Publishes the saved draft, or `graph` when given (saved as the draft first). */
  publish: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ graph: ZGraphInputSchema.optional() }))
    .mutation(({ ctx, input }) =>
      publishJourney({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        journeyId: input.journeyId,
        graph: input.graph,
        audit: ctx.audit,
      }),
    ),

  /** Before publishing over a live version: where its active runs wait, default step mapping, steps they may move to. */
  republishReview: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ graph: ZGraphInputSchema.optional() }))
    .query(({ ctx, input }) => reviewRepublish(ctx.db, ctx.workspaceId, input.journeyId, input.graph)),

  /** Publish with a plan for the live version's runs: finish there (as `publish`) or move them (audited, signalled). */
  publishWithPlan: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema.extend({ graph: ZGraphInputSchema.optional(), runs: ZRunsPlanSchema }))
    .mutation(({ ctx, input }) =>
      publishJourneyWithPlan(ctx, {
        workspaceId: ctx.workspaceId,
        journeyId: input.journeyId,
        graph: input.graph,
        runs: input.runs,
        audit: ctx.audit,
      }),
    ),

  /** The latest migration's counts by status (pending, moved, ended, stayed, failed), or null. */
  migrationProgress: permissionProcedure("journeys:read")
    .input(ZJourneyIdSchema)
    .query(({ ctx, input }) => getRunMigrationProgress(ctx.db, ctx.workspaceId, input.journeyId)),

  /** Sends the signals a migration still owes (after a Temporal outage); sends nothing twice. */
  resumeMigration: permissionProcedure("journeys:write")
    .input(z.object({ migrationId: z.uuid({ message: "migrationId must be a UUID" }) }))
    .mutation(({ ctx, input }) => resumeRunMigration(ctx, ctx.workspaceId, input.migrationId)),

  /** Holds active runs where they are; no new entries until resumed (events meanwhile never enter). */
  pause: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema)
    .mutation(({ ctx, input }) => pauseJourney(ctx, ctx.workspaceId, input.journeyId, ctx.audit)),

  resume: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema)
    .mutation(({ ctx, input }) => resumeJourney(ctx, ctx.workspaceId, input.journeyId, ctx.audit)),

  /** Ends every active run ("journey archived"); an archived journey cannot be published or resumed. */
  archive: permissionProcedure("journeys:write")
    .input(ZJourneyIdSchema)
    .mutation(({ ctx, input }) => archiveJourney(ctx, ctx.workspaceId, input.journeyId, ctx.audit)),

  /** [{ id, version, publishedAt, isLive, activeRuns }], newest first. */
  versions: permissionProcedure("journeys:read")
    .input(ZJourneyIdSchema)
    .query(({ ctx, input }) => listJourneyVersions(ctx.db, ctx.workspaceId, input.journeyId)),

  /**
   * Runs the draft or live version for a scripted contact with time skipped (production workflow
   * and activities, nothing sent or called) and returns the timeline. The script is checked
   * first: problems name the entry (`events[1]`) or, with `lines`, the line.
   */
  testRun: permissionProcedure("journeys:write")
    .input(ZTestRunInputSchema)
    .mutation(({ ctx, input }) =>
      testRunJourney(testRunDeps(ctx), { workspaceId: ctx.workspaceId, ...input, audit: ctx.audit }),
    ),

  /**
   * A test run whose emails are then delivered, in order, to the signed-in person's own address
   * ("[Test]" subject, `X-Mailstream-Test`), through the workspace's transport; counted in no
   * metric. Test-send rate limit; a secret key has no address and is refused.
   */
  sendTestPath: permissionProcedure("journeys:write")
    .input(ZTestRunInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (ctx.actor.kind !== "user")
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "Send the path to me needs a signed-in person: a key has no address.",
        });
      await spendTestSend(ctx.db, ctx.actor);
      return testRunJourney(testRunDeps(ctx), {
        workspaceId: ctx.workspaceId,
        ...input,
        deliverTo: ctx.actor.user.email,
        audit: ctx.audit,
      });
    }),

  /** [{ reason, count }]: trigger events that matched but did not enter (re-entry, cooldown, entry key, paused). */
  entrySkips: permissionProcedure("journeys:read")
    .input(ZJourneyIdSchema)
    .query(({ ctx, input }) => listEntrySkips(ctx.db, ctx.workspaceId, input.journeyId)),
});
