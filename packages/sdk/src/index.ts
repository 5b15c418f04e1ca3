// @mailstream/sdk: the batching HTTP ingest client, the typed tRPC client, and the tRPC
// router type (type-only: the SDK ships none of the server).
export {
  createMailstreamClient,
  MailstreamError,
  type AliasMessage,
  type GroupMessage,
  type IdentifyMessage,
  type MailstreamClient,
  type MailstreamClientOptions,
  type PageMessage,
  type ScreenMessage,
  type ServerIssue,
  type TrackMessage,
} from "./client";
export { createMailstreamTrpcClient, ingestIssuesOf, type MailstreamTrpcClient, type MailstreamTrpcClientOptions } from "./trpc-client";
export type { AppRouter } from "@mailstream/api";
