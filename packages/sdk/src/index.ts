// @mailstream/sdk: the typed ingest client, and the tRPC router type for typed tRPC clients
// (type-only: the SDK ships none of the server).
export {
  createMailstreamClient,
  MailstreamError,
  type AliasMessage,
  type IdentifyMessage,
  type MailstreamClient,
  type MailstreamClientOptions,
  type PageMessage,
  type ServerIssue,
  type TrackMessage,
} from "./client";
export type { AppRouter } from "@mailstream/api";
