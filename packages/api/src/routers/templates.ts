// `templates`: list, search, read, create, update (rename included), duplicate, delete, tags,
// preview (sample JSON or a real contact), the preview contact picker, send test, and
// `templates.partials.*` for shared header/footer blocks.
import { ZBlockListSchema } from "@mailstream/emails/blocks";
import { ZTemplateContentSchema } from "@mailstream/emails/template";
import { z } from "zod";
import {
  createTemplatePartial,
  getTemplatePartial,
  listTemplatePartials,
  saveTemplatePartial,
} from "@mailstream/core/templates/template-partials";
import { sendTestEmail } from "@mailstream/core/templates/send-test-email";
import {
  createTemplate,
  getTemplate,
  listLivePinnedVersions,
  listTemplates,
  previewTemplate,
  saveTemplate,
  searchPreviewContacts,
} from "@mailstream/core/templates/templates";
import {
  changeTemplateTag,
  deleteTemplate,
  duplicateTemplate,
  searchTemplates,
} from "@mailstream/core/templates/template-list";
import { spendTestSend } from "../test-send-limit";
import { createTRPCRouter, permissionProcedure } from "../trpc";
import { ZListPageSchema, ZListSearchSchema, ZTagSchema } from "./list-inputs";

const ZTemplateIdSchema = z.uuid({ message: "templateId must be a UUID" });
export const ZTemplateNameSchema = z
  .string()
  .trim()
  .min(1, "Give the template a name")
  .max(200, "Name must be at most 200 characters");
const ZRecordSchema = z.record(z.string(), z.unknown());
/** `team@example.test` or `Team <team@example.test>`; empty = use the workspace default. */
export const ZAddressSchema = z
  .string()
  .trim()
  .max(320, "Address must be at most 320 characters")
  .refine(
    (v) => v === "" || /^(?:[^<>@\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/.test(v),
    {
      message: 'Use an address like team@example.test or "Team <team@example.test>"',
    },
  )
  .transform((v) => (v === "" ? null : v))
  .nullable();
const ZSenderSchema = z.object({ fromAddress: ZAddressSchema.optional(), replyTo: ZAddressSchema.optional() });

/** A sample of what a send would see; every part optional so a preview needs only what the template reads. */
const ZPreviewContextSchema = z.object({
  contact: ZRecordSchema.default({}),
  event: ZRecordSchema.default({}),
  journey: ZRecordSchema.default({}),
  workspace: ZRecordSchema.optional(),
  matchedEvents: ZRecordSchema.optional(),
});
const EMPTY_CONTEXT = { contact: {}, event: {}, journey: {} };

const partialsRouter = createTRPCRouter({
  list: permissionProcedure("catalog:read").query(({ ctx }) => listTemplatePartials(ctx.db, ctx.workspaceId)),
  byId: permissionProcedure("catalog:read")
    .input(z.object({ partialId: z.uuid({ message: "partialId must be a UUID" }) }))
    .query(({ ctx, input }) => getTemplatePartial(ctx.db, ctx.workspaceId, input.partialId)),
  create: permissionProcedure("templates:write")
    .input(z.object({ name: ZTemplateNameSchema, blocks: ZBlockListSchema.default([]) }))
    .mutation(({ ctx, input }) => createTemplatePartial(ctx.db, ctx.workspaceId, input, ctx.audit)),
  update: permissionProcedure("templates:write")
    .input(
      z.object({
        partialId: z.uuid({ message: "partialId must be a UUID" }),
        name: ZTemplateNameSchema.optional(),
        blocks: ZBlockListSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveTemplatePartial(ctx.db, ctx.workspaceId, input.partialId, input, ctx.audit)),
});

export const templatesRouter = createTRPCRouter({
  list: permissionProcedure("catalog:read").query(({ ctx }) => listTemplates(ctx.db, ctx.workspaceId)),

  /** One page of `{ items, total, tags }`: name contains `search` (any case), `tag`. */
  search: permissionProcedure("catalog:read")
    .input(ZListPageSchema.extend({ search: ZListSearchSchema, tag: ZTagSchema.optional() }))
    .query(({ ctx, input }) => searchTemplates(ctx.db, ctx.workspaceId, input)),

  byId: permissionProcedure("catalog:read")
    .input(z.object({ templateId: ZTemplateIdSchema }))
    .query(({ ctx, input }) => getTemplate(ctx.db, ctx.workspaceId, input.templateId)),

  create: permissionProcedure("templates:write")
    .input(z.object({ name: ZTemplateNameSchema, content: ZTemplateContentSchema.optional() }))
    .mutation(({ ctx, input }) => createTemplate(ctx.db, ctx.workspaceId, input, ctx.audit)),

  update: permissionProcedure("templates:write")
    .input(
      ZTemplateContentSchema.partial()
        .extend(ZSenderSchema.shape)
        .extend({ templateId: ZTemplateIdSchema, name: ZTemplateNameSchema.optional() }),
    )
    .mutation(({ ctx, input }) => {
      const { templateId, ...fields } = input;
      return saveTemplate(ctx.db, ctx.workspaceId, templateId, fields, ctx.audit);
    }),

  /** A new template with this one's content, sender and tags, named "… (copy)". */
  duplicate: permissionProcedure("templates:write")
    .input(z.object({ templateId: ZTemplateIdSchema }))
    .mutation(({ ctx, input }) => duplicateTemplate(ctx.db, ctx.workspaceId, input.templateId, ctx.audit)),

  /** Refused (CONFLICT, naming them) while any journey's draft or published version uses it. */
  delete: permissionProcedure("templates:write")
    .input(z.object({ templateId: ZTemplateIdSchema }))
    .mutation(({ ctx, input }) => deleteTemplate(ctx.db, ctx.workspaceId, input.templateId, ctx.audit)),

  addTag: permissionProcedure("templates:write")
    .input(z.object({ templateId: ZTemplateIdSchema, tag: ZTagSchema }))
    .mutation(({ ctx, input }) => changeTemplateTag(ctx.db, ctx.workspaceId, { ...input, change: "add" }, ctx.audit)),

  removeTag: permissionProcedure("templates:write")
    .input(z.object({ templateId: ZTemplateIdSchema, tag: ZTagSchema }))
    .mutation(({ ctx, input }) =>
      changeTemplateTag(ctx.db, ctx.workspaceId, { ...input, change: "remove" }, ctx.audit),
    ),

  preview: permissionProcedure("catalog:read")
    .input(
      z
        .object({
          templateId: ZTemplateIdSchema.optional(),
          content: ZTemplateContentSchema.optional(),
          /** Preview as this contact (its traits, its latest track event as `event`) instead of `context`. */
          contactId: z.uuid({ message: "contactId must be a UUID" }).optional(),
          context: ZPreviewContextSchema.default(EMPTY_CONTEXT),
        })
        .refine((v) => v.templateId !== undefined || v.content !== undefined, "Pass either templateId or content"),
    )
    .query(({ ctx, input }) => previewTemplate(ctx.db, ctx.workspaceId, input)),

  previewContacts: permissionProcedure("contacts:read")
    .input(z.object({ search: z.string().max(200).default("") }))
    .query(({ ctx, input }) => searchPreviewContacts(ctx.db, ctx.workspaceId, input.search)),

  sendTest: permissionProcedure("sends:test")
    .input(
      z.object({
        to: z.string().trim().min(1, "Enter an address to send the test to").max(320),
        content: ZTemplateContentSchema.extend(ZSenderSchema.shape),
        contactId: z.uuid({ message: "contactId must be a UUID" }).optional(),
        context: ZPreviewContextSchema.default(EMPTY_CONTEXT),
      }),
    )
    // The secret opens the workspace transport's sealed credentials (SMTP password, Resend key).
    .mutation(async ({ ctx, input: { to, ...template } }) => {
      await spendTestSend(ctx.db, ctx.actor);
      return sendTestEmail({
        db: ctx.db,
        workspaceId: ctx.workspaceId,
        to,
        template,
        secret: ctx.secret,
        outbound: ctx.outbound,
        throwOnFailure: true,
      });
    }),

  /** Template versions the journey's live plan pins, per email node. */
  livePins: permissionProcedure("journeys:read")
    .input(z.object({ journeyId: z.uuid({ message: "journeyId must be a UUID" }) }))
    .query(({ ctx, input }) => listLivePinnedVersions(ctx.db, ctx.workspaceId, input.journeyId)),

  partials: partialsRouter,
});
