// The typed tRPC client for Mailstream: every Segment call (`ingest.track`, `identify`, `page`,
// `screen`, `group`, `alias`, `batch`) as a typed mutation that resolves once the server
// committed it — no queue, for callers that want the answer (dedupe result, validation
// issues) per call. The write or secret key goes as a Bearer token.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { transformer } from "@mailstream/wire/transformer";
import type { AppRouter } from "@mailstream/api";

export interface MailstreamTrpcClientOptions {
  /** The app's origin, e.g. http://localhost:3000 (tRPC is served at /api/trpc). */
  host: string;
  key: string;
  /** tRPC path when served elsewhere than /api/trpc (tests). */
  path?: string;
  fetch?: typeof fetch;
}

export function createMailstreamTrpcClient(options: MailstreamTrpcClientOptions) {
  const url = `${options.host.replace(/\/+$/, "")}${options.path ?? "/api/trpc"}`;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        transformer,
        headers: () => ({ authorization: `Bearer ${options.key}` }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

export type MailstreamTrpcClient = ReturnType<typeof createMailstreamTrpcClient>;

/** The server's per-field problems of a refused event (`batch.3.properties.total`), if any. */
export function ingestIssuesOf(error: unknown): { path: string; message: string }[] {
  if (!(error instanceof TRPCClientError)) return [];
  const data = error.data as { ingestIssues?: { path: string; message: string }[] | null } | undefined;
  return data?.ingestIssues ?? [];
}
