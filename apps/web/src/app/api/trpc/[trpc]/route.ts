// /api/trpc: the tRPC endpoint for the UI (batched HTTP + SSE subscriptions) and typed clients.
import { appRouter, retryAfterHeader } from "@mailstream/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getContextFactory } from "@/trpc/server-context";

export const dynamic = "force-dynamic";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => getContextFactory()({ headers: req.headers }),
    // A rate-limited call (test sends) answers 429 with Retry-After.
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "<no path>"} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
