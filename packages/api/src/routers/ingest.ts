// `ingest`: the Segment calls over tRPC for typed clients (packages/sdk) — track, identify,
// page, screen, group, alias and batch — through the same service, validation, event schemas
// and messageId dedupe as POST /api/v1/*. A batch is atomic here too.
import { z } from "zod";
import { ingestParsedBatch } from "@mailstream/core/ingest/ingest-batch";
import { ingestEvent } from "@mailstream/core/ingest/ingest";
import {
  type AliasPayloadInput,
  type BatchPayloadInput,
  type EventType,
  type GroupPayloadInput,
  type IdentifyPayloadInput,
  type PagePayloadInput,
  type ScreenPayloadInput,
  type TrackPayloadInput,
} from "@mailstream/core/ingest/schemas";
import { createTRPCRouter, ingestProcedure } from "../trpc";

// The service validates the payload itself (with issue paths matching the HTTP API), so the
// router only insists on an object and passes it through; the type is for typed clients.
function payloadOf<T>() {
  return z.custom<T>((value) => typeof value === "object" && value !== null && !Array.isArray(value), {
    message: "The event must be a JSON object",
  });
}

function eventProcedure<T>(type: EventType) {
  return ingestProcedure
    .input(payloadOf<T>())
    .mutation(({ ctx, input }) => ingestEvent(ctx.db, ctx.workspaceId, type, input));
}

export const ingestRouter = createTRPCRouter({
  track: eventProcedure<TrackPayloadInput>("track"),
  identify: eventProcedure<IdentifyPayloadInput>("identify"),
  page: eventProcedure<PagePayloadInput>("page"),
  screen: eventProcedure<ScreenPayloadInput>("screen"),
  group: eventProcedure<GroupPayloadInput>("group"),
  alias: eventProcedure<AliasPayloadInput>("alias"),

  /** `{ batch: [...] }` as POST /v1/batch: all stored or none (400 naming `batch.<i>.<field>`). */
  batch: ingestProcedure
    .input(payloadOf<BatchPayloadInput>())
    .mutation(({ ctx, input }) => ingestParsedBatch(ctx.db, ctx.workspaceId, input)),
});
