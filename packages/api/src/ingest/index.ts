// Public surface of the ingest service (HTTP handlers and the tRPC router use it).
export {
  ingestEvent,
  ingestIdentify,
  ingestTrack,
  normalizeEvent,
  resolveTimestamp,
  type IngestOptions,
  type IngestResult,
} from "./ingest";
export { ingestBatch, normalizeBatch, type BatchResult } from "./ingest-batch";
export { commitEvent, GROUP_MAX_EVENTS, GROUP_WINDOW_MS } from "./group-commit";
export { IngestTooLargeError, IngestValidationError, type IngestIssue } from "./errors";
export {
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  type EventType,
  ZIdentifyPayloadSchema,
  ZTrackPayloadSchema,
  type AliasPayloadInput,
  type BatchPayloadInput,
  type GroupPayloadInput,
  type IdentifyPayload,
  type IdentifyPayloadInput,
  type PagePayloadInput,
  type ScreenPayloadInput,
  type TrackPayload,
  type TrackPayloadInput,
} from "./schemas";
export { authenticateApiKey, missingKeyMessage, readApiKeyFromHeader, type AuthResult, type KeyRequirement } from "./auth";
