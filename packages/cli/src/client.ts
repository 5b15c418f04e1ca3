// The server, as the CLI sees it: the SDK's typed tRPC client with a secret key, and the words
// of a refused call (its message, then each named field or graph problem).
import { createMailstreamTrpcClient, type MailstreamTrpcClient } from "@mailstream/sdk";

export type Server = MailstreamTrpcClient;

export function connect(url: string, key: string, fetchImpl?: typeof fetch): Server {
  return createMailstreamTrpcClient({ host: url, key, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}

interface ErrorData {
  fieldIssues?: { path: string; message: string }[] | null;
  graphIssues?: { nodeId: string | null; message: string }[] | null;
}

function networkCode(error: unknown): string | null {
  const chain: Error[] = [];
  for (let cause = error; cause instanceof Error && chain.length < 5; cause = cause.cause) chain.push(cause);
  for (const cause of chain) {
    const code = (cause as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+/.test(code)) return code;
  }
  return chain.some((cause) => cause.message === "fetch failed") ? (chain.at(-1) as Error).message : null;
}

/** One line per problem the server named, or its message alone. */
export function describeServerError(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  // fetch's "fetch failed" hides the reason (refused, unknown host) one or two causes down.
  const reason = networkCode(error);
  if (reason) return [`cannot reach the server (${reason}); check --url or MAILSTREAM_URL`];
  // A TRPCClientError carries the server's `data` (trpc.ts's error formatter); other errors do not.
  const data = ((error as Error & { data?: unknown }).data ?? {}) as ErrorData;
  const details = [
    ...(data.graphIssues ?? []).map((issue) =>
      issue.nodeId ? `step ${issue.nodeId}: ${issue.message}` : issue.message,
    ),
    ...(data.fieldIssues ?? []).map((issue) => `${issue.path}: ${issue.message}`),
  ];
  return [error.message, ...details.map((line) => `  ${line}`)];
}

/** A failure the CLI reports as problems and a non-zero exit, without a stack. */
export class CliError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

/** The server's answer, or a CliError in its words (prefixed with what was being done). */
export async function call<T>(doing: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const [first, ...rest] = describeServerError(error);
    throw new CliError([`${doing}: ${first}`, ...rest]);
  }
}
