// `contacts`: the Contacts page — search, profile, timeline sections, audited trait edits,
// and GDPR export / erasure (the same services the public HTTP API uses).
import { z } from "zod";
import { InvalidCursorError } from "@mailstream/db/queries/contacts-read";
import { TRPCError } from "@trpc/server";
import {
  editContactTraits,
  eraseContactEverywhere,
  exportContact,
  getContact,
  listContacts,
  readContactEvents,
  readContactMessages,
  readContactRuns,
} from "../services/contacts";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZContactIdSchema = z.object({ contactId: z.uuid({ message: "contactId must be a UUID" }) });
const ZPageSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).nullish(),
});

/** A forged or stale cursor is the caller's mistake, not a server error. */
async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    throw error;
  }
}

const sectionProcedure = permissionProcedure("contacts:read").input(ZContactIdSchema.merge(ZPageSchema));

export const contactsRouter = createTRPCRouter({
  list: permissionProcedure("contacts:read")
    .input(ZPageSchema.extend({ search: z.string().max(200).nullish() }))
    .query(({ ctx, input }) => withCursor(() => listContacts(ctx.db, ctx.workspaceId, input))),

  byId: permissionProcedure("contacts:read").input(ZContactIdSchema).query(({ ctx, input }) => getContact(ctx.db, ctx.workspaceId, input.contactId)),

  events: sectionProcedure.query(async ({ ctx, input }) => {
    const contact = await getContact(ctx.db, ctx.workspaceId, input.contactId);
    return withCursor(() => readContactEvents(ctx.db, ctx.workspaceId, contact, input));
  }),

  messages: sectionProcedure.query(async ({ ctx, input }) => {
    const contact = await getContact(ctx.db, ctx.workspaceId, input.contactId);
    return withCursor(() => readContactMessages(ctx.db, ctx.workspaceId, contact, input));
  }),

  runs: sectionProcedure.query(async ({ ctx, input }) => {
    const contact = await getContact(ctx.db, ctx.workspaceId, input.contactId);
    return withCursor(() => readContactRuns(ctx.db, ctx.workspaceId, contact, input));
  }),

  export: permissionProcedure("contacts:read").input(ZContactIdSchema).query(({ ctx, input }) => exportContact(ctx.db, ctx.workspaceId, input.contactId)),

  editTraits: permissionProcedure("contacts:write")
    .input(ZContactIdSchema.extend({ traits: z.record(z.string().min(1, "trait keys must not be empty").max(200), z.unknown()) }))
    .mutation(({ ctx, input }) => editContactTraits(ctx.db, ctx.workspaceId, input.contactId, input.traits)),

  /** Idempotent: erasing an unknown or already erased contact returns `{ deleted: false }`. */
  erase: permissionProcedure("contacts:erase")
    .input(ZContactIdSchema)
    .mutation(({ ctx, input }) =>
      eraseContactEverywhere(ctx, ctx.workspaceId, input.contactId, { keyId: null, source: "ui" }),
    ),
});
