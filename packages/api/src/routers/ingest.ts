// `ingest`: Segment-shaped track/identify over tRPC for typed clients (packages/sdk); the
// same service, validation and dedupe as POST /api/v1/track|identify.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IngestTooLargeError, IngestValidationError } from "../ingest/errors";
import { ingestIdentify, ingestTrack, type IdentifyPayloadInput, type TrackPayloadInput } from "../ingest/index";
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

export const ingestRouter = createTRPCRouter({
  track: ingestProcedure
    .input(payloadOf<TrackPayloadInput>())
    .mutation(({ ctx, input }) => mapIngestErrors(() => ingestTrack(ctx.db, ctx.workspaceId, input))),

  identify: ingestProcedure
    .input(payloadOf<IdentifyPayloadInput>())
    .mutation(({ ctx, input }) => mapIngestErrors(() => ingestIdentify(ctx.db, ctx.workspaceId, input))),
});
