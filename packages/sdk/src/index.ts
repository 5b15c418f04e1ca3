// @mailstream/sdk: the batching HTTP ingest client, the typed tRPC client, and the tRPC
// router type (type-only: the SDK ships none of the server).
export {
  createMailstreamClient,
  MailstreamError,
  type AliasMessage,
  type BatchMessage,
  type GroupMessage,
  type IdentifyMessage,
  type MailstreamClient,
  type MailstreamClientOptions,
  type PageMessage,
  type RetryInfo,
  type ScreenMessage,
  type ServerIssue,
  type TrackMessage,
} from "./client";
export { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from "./limits";
export {
  createMailstreamTrpcClient,
  ingestIssuesOf,
  type MailstreamTrpcClient,
  type MailstreamTrpcClientOptions,
} from "./trpc-client";
export type { AppRouter } from "@mailstream/api";
