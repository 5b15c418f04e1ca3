// /api/trpc: the tRPC endpoint for the UI (batched HTTP + SSE subscriptions) and typed clients.
import { appRouter } from "@mailstream/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getContextFactory } from "@/trpc/server-context";

export const dynamic = "force-dynamic";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => getContextFactory()({ headers: req.headers }),
  });
}

export { handler as GET, handler as POST };
