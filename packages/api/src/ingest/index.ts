// Public surface of the ingest service (HTTP handlers and the tRPC router use it).
export { ingestIdentify, ingestTrack, resolveTimestamp, type IngestOptions, type IngestResult } from "./ingest";
export { IngestTooLargeError, IngestValidationError, type IngestIssue } from "./errors";
export {
  MAX_EVENT_BYTES,
  ZIdentifyPayloadSchema,
  ZTrackPayloadSchema,
  type IdentifyPayload,
  type IdentifyPayloadInput,
  type TrackPayload,
  type TrackPayloadInput,
} from "./schemas";
export { authenticateApiKey, missingKeyMessage, readApiKeyFromHeader, type AuthResult, type KeyRequirement } from "./auth";
