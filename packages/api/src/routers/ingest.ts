// `ingest`: the Segment calls over tRPC for typed clients (packages/sdk) — track, identify,
// page, screen, group, alias and batch — through the same service, validation, event schemas
// and messageId dedupe as POST /api/v1/*. A batch is atomic here too.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IngestTooLargeError, IngestValidationError } from "../ingest/errors";
import {
  ingestBatch,
  ingestEvent,
  MAX_BATCH_BYTES,
  type AliasPayloadInput,
  type BatchPayloadInput,
  type EventType,
  type GroupPayloadInput,
  type IdentifyPayloadInput,
  type PagePayloadInput,
  type ScreenPayloadInput,
  type TrackPayloadInput,
} from "../ingest/index";
import { createTRPCRouter, ingestProcedure } from "../trpc";

// The service validates the payload itself (with issue paths matching the HTTP API), so the
// router only insists on an object and passes it through; the type is for typed clients.
function payloadOf<T>() {
  return z.custom<T>((value) => typeof value === "object" && value !== null && !Array.isArray(value), {
    message: "The event must be a JSON object",
  });
}

async function mapIngestErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof IngestValidationError)
      throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    if (error instanceof IngestTooLargeError)
      throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: error.message, cause: error });
    throw error;
  }
}

function eventProcedure<T>(type: EventType) {
  return ingestProcedure
    .input(payloadOf<T>())
    .mutation(({ ctx, input }) => mapIngestErrors(() => ingestEvent(ctx.db, ctx.workspaceId, type, input)));
}

export const ingestRouter = createTRPCRouter({
  track: eventProcedure<TrackPayloadInput>("track"),
  identify: eventProcedure<IdentifyPayloadInput>("identify"),
  page: eventProcedure<PagePayloadInput>("page"),
  screen: eventProcedure<ScreenPayloadInput>("screen"),
  group: eventProcedure<GroupPayloadInput>("group"),
  alias: eventProcedure<AliasPayloadInput>("alias"),

  /** `{ batch: [...] }` as POST /v1/batch: all stored or none (400 naming `batch.<i>.<field>`). */
  batch: ingestProcedure.input(payloadOf<BatchPayloadInput>()).mutation(({ ctx, input }) =>
    mapIngestErrors(() => {
      // HTTP bounds the raw body before parsing; here the parsed input is measured instead.
      const bytes = Buffer.byteLength(JSON.stringify(input), "utf8");
      if (bytes > MAX_BATCH_BYTES) throw new IngestTooLargeError(bytes, MAX_BATCH_BYTES, "batch");
      return ingestBatch(ctx.db, ctx.workspaceId, input);
    }),
  ),
});
