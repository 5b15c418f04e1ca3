// `contacts`: the Contacts page — search, profile, timeline sections, audited trait edits,
// and GDPR export / erasure (the same use cases the public HTTP API uses).
import { z } from "zod";
import {
  editContactTraits,
  eraseContactEverywhere,
  exportContact,
  getContact,
  listContacts,
  readContactEventsById,
  readContactMessagesById,
  readContactRunsById,
} from "@mailstream/core/contacts/contacts";
import { readContactSendTime } from "@mailstream/core/send-time/contact-send-time";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const ZContactIdSchema = z.object({ contactId: z.uuid({ message: "contactId must be a UUID" }) });
const ZPageSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).nullish(),
});

const sectionProcedure = permissionProcedure("contacts:read").input(ZContactIdSchema.merge(ZPageSchema));

export const contactsRouter = createTRPCRouter({
  list: permissionProcedure("contacts:read")
    .input(ZPageSchema.extend({ search: z.string().max(200).nullish() }))
    .query(({ ctx, input }) => listContacts(ctx.db, ctx.workspaceId, input)),

  byId: permissionProcedure("contacts:read")
    .input(ZContactIdSchema)
    .query(({ ctx, input }) => getContact(ctx.db, ctx.workspaceId, input.contactId)),

  events: sectionProcedure.query(({ ctx, input }) =>
    readContactEventsById(ctx.db, ctx.workspaceId, input.contactId, input),
  ),

  messages: sectionProcedure.query(({ ctx, input }) =>
    readContactMessagesById(ctx.db, ctx.workspaceId, input.contactId, input),
  ),

  runs: sectionProcedure.query(({ ctx, input }) =>
    readContactRunsById(ctx.db, ctx.workspaceId, input.contactId, input),
  ),

  /** The contact's best send time (send-time optimization) and the histogram behind it. */
  bestSendTime: permissionProcedure("contacts:read")
    .input(ZContactIdSchema)
    .query(({ ctx, input }) => readContactSendTime(ctx.db, ctx.workspaceId, input.contactId)),

  export: permissionProcedure("contacts:read")
    .input(ZContactIdSchema)
    .query(({ ctx, input }) => exportContact(ctx.db, ctx.workspaceId, input.contactId)),

  editTraits: permissionProcedure("contacts:write")
    .input(
      ZContactIdSchema.extend({
        traits: z.record(z.string().min(1, "trait keys must not be empty").max(200), z.unknown()),
      }),
    )
    .mutation(({ ctx, input }) => editContactTraits(ctx.db, ctx.workspaceId, input.contactId, input.traits, ctx.audit)),

  /** Idempotent: erasing an unknown or already erased contact returns `{ deleted: false }`. */
  erase: permissionProcedure("contacts:erase")
    .input(ZContactIdSchema)
    .mutation(({ ctx, input }) =>
      eraseContactEverywhere(ctx, ctx.workspaceId, input.contactId, { keyId: null, source: "ui" }, ctx.audit),
    ),
});
