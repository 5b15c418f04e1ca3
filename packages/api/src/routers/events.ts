// `events`: the Events page — recent events with filters and schema flags — the event
// schemas (rules per event name, reject/flag mode) enforced at ingest, and suggestions from
// the workspace's catalogue of names, paths and values.
import { z } from "zod";
import {
  changeEventSchemaMode,
  listEventSchemas,
  listRecentEventNames,
  listRecentEvents,
  removeEventSchema,
  saveEventSchema,
  ZEventSchemaInputSchema,
} from "@mailstream/core/event-schemas/event-schemas";
import { suggestFromCatalogue, ZSuggestInputSchema } from "@mailstream/core/catalogue/suggest";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const EVENT_TYPES = ["track", "identify", "page", "screen", "group", "alias"] as const;

export const eventsRouter = createTRPCRouter({
  recent: permissionProcedure("events:read")
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        /** Keyset cursor (tRPC infinite queries): the seq the previous page ended at. */
        cursor: z.number().int().positive().nullish(),
        type: z.enum(EVENT_TYPES).nullish(),
        eventName: z.string().trim().max(200).nullish(),
        userId: z.string().trim().max(200).nullish(),
        isFlaggedOnly: z.boolean().default(false),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { cursor, ...filter } = input;
      const page = await listRecentEvents(ctx.db, ctx.workspaceId, {
        ...filter,
        beforeSeq: cursor ?? null,
        eventName: filter.eventName || null,
        userId: filter.userId || null,
      });
      return { data: page.data, nextCursor: page.nextBeforeSeq };
    }),

  names: permissionProcedure("catalog:read").query(({ ctx }) => listRecentEventNames(ctx.db, ctx.workspaceId)),

  /** Suggestions while typing (event names, paths, traits, seen values) from the workspace's catalogue. */
  suggest: permissionProcedure("catalog:read")
    .input(ZSuggestInputSchema)
    .query(({ ctx, input }) => suggestFromCatalogue(ctx.db, ctx.workspaceId, input)),

  schemas: permissionProcedure("catalog:read").query(({ ctx }) => listEventSchemas(ctx.db, ctx.workspaceId)),

  saveSchema: permissionProcedure("eventSchemas:write")
    .input(ZEventSchemaInputSchema)
    .mutation(({ ctx, input }) => saveEventSchema(ctx.db, ctx.workspaceId, input, ctx.audit)),

  deleteSchema: permissionProcedure("eventSchemas:write")
    .input(z.object({ id: z.uuid({ message: "id must be a UUID" }) }))
    .mutation(({ ctx, input }) => removeEventSchema(ctx.db, ctx.workspaceId, input.id, ctx.audit)),

  setMode: permissionProcedure("eventSchemas:write")
    .input(z.object({ mode: z.enum(["reject", "flag"]) }))
    .mutation(({ ctx, input }) => changeEventSchemaMode(ctx.db, ctx.workspaceId, input.mode, ctx.audit)),
});
