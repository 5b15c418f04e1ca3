// /api/trpc: the tRPC endpoint for the UI (batched HTTP + SSE subscriptions) and typed clients.
// admitTrpcRequest refuses non-JSON posts and reads the body under its 1 MB cap first.
import { appRouter, retryAfterHeader } from "@mailstream/api";
import { admitTrpcRequest } from "@mailstream/api/http/trpc-request";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getContextFactory } from "@/trpc/server-context";

export const dynamic = "force-dynamic";

async function handler(original: Request): Promise<Response> {
  const req = await admitTrpcRequest(original);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => getContextFactory()({ headers: req.headers }),
    // A rate-limited call (test sends) answers 429 with Retry-After.
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
  });
}

export { handler as GET, handler as POST };
