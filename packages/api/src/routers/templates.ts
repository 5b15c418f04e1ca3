// `templates`: list, read, create, update, preview.
import { ZTemplateContentSchema } from "@mailstream/emails/template";
import { z } from "zod";
import { createTemplate, getTemplate, listTemplates, previewTemplate, saveTemplate } from "../services/templates";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const ZTemplateIdSchema = z.uuid({ message: "templateId must be a UUID" });
const ZNameSchema = z
  .string()
  .trim()
  .min(1, "Give the template a name")
  .max(200, "Name must be at most 200 characters");
const ZRecordSchema = z.record(z.string(), z.unknown());

/** A sample of what a send would see; every part optional so a preview needs only what the template reads. */
const ZPreviewContextSchema = z.object({
  contact: ZRecordSchema.default({}),
  event: ZRecordSchema.default({}),
  journey: ZRecordSchema.default({}),
});

export const templatesRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx }) => listTemplates(ctx.db, ctx.workspaceId)),

  byId: workspaceProcedure
    .input(z.object({ templateId: ZTemplateIdSchema }))
    .query(({ ctx, input }) => getTemplate(ctx.db, ctx.workspaceId, input.templateId)),

  create: workspaceProcedure
    .input(z.object({ name: ZNameSchema, content: ZTemplateContentSchema.optional() }))
    .mutation(({ ctx, input }) => createTemplate(ctx.db, ctx.workspaceId, input)),

  update: workspaceProcedure
    .input(ZTemplateContentSchema.partial().extend({ templateId: ZTemplateIdSchema, name: ZNameSchema.optional() }))
    .mutation(({ ctx, input }) => {
      const { templateId, ...fields } = input;
      return saveTemplate(ctx.db, ctx.workspaceId, templateId, fields);
    }),

  preview: workspaceProcedure
    .input(
      z
        .object({
          templateId: ZTemplateIdSchema.optional(),
          content: ZTemplateContentSchema.optional(),
          context: ZPreviewContextSchema.default({ contact: {}, event: {}, journey: {} }),
        })
        .refine((v) => v.templateId !== undefined || v.content !== undefined, "Pass either templateId or content"),
    )
    .query(({ ctx, input }) => previewTemplate(ctx.db, ctx.workspaceId, input)),
});
