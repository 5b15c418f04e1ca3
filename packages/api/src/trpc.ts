// tRPC setup for every router: the request context, error shape, and the procedure
// variants (`publicProcedure`, `workspaceProcedure`, `ingestProcedure`).
import { initTRPC, TRPCError } from "@trpc/server";
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { findDefaultWorkspace } from "@mailstream/db/queries/workspaces";
import superjson from "superjson";
import { ZodError } from "zod";
import { authenticateApiKey, readApiKeyFromHeader } from "./ingest/auth";
import { IngestValidationError } from "./ingest/errors";
import { GraphIssuesError } from "./services/graph-issues-error";
import { createLiveMetricsHub, type LiveMetricsHub } from "./metrics/live-hub";

/** What a deployable hands the API once per process. */
export interface ApiDeps {
  db: Db;
  /** Lazily connected: most requests never touch Temporal. */
  temporal: () => Promise<TemporalClient>;
  /** MAILSTREAM_SECRET: seals transport credentials in Settings (services/settings.ts). */
  secret?: string | undefined;
}

export interface Context {
  db: Db;
  temporal: () => Promise<TemporalClient>;
  headers: Headers;
  liveMetrics: LiveMetricsHub;
  secret: string | undefined;
}

/**
 * Builds the per-request context creator for one process. The live metrics hub is made
 * here, once, so every subscriber in the process shares one poller per journey.
 */
export function createContextFactory(deps: ApiDeps): (opts: { headers: Headers }) => Context {
  const liveMetrics = createLiveMetricsHub(deps.db);
  return ({ headers }) => ({ db: deps.db, temporal: deps.temporal, headers, liveMetrics, secret: deps.secret });
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  sse: {
    // Live metrics push only on change, so a stream can be quiet for minutes: pings keep
    // proxies from closing it, and a client that hears nothing for 15 s reconnects.
    ping: { enabled: true, intervalMs: 5_000 },
    client: { reconnectAfterInactivityMs: 15_000 },
  },
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodIssues: error.cause instanceof ZodError ? error.cause.issues : null,
        // Publish failures carry the graph problems so the editor can mark each node.
        graphIssues: error.cause instanceof GraphIssuesError ? error.cause.issues : null,
        // Ingest failures name each bad field, as the HTTP API's 400 body does.
        ingestIssues: error.cause instanceof IngestValidationError ? error.cause.issues : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

function unauthorized(message: string): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message });
}

/**
 * Everything the UI and typed clients read or manage. A secret key picks the workspace;
 * without one (the browser UI until login exists) the default workspace is used.
 */
export const workspaceProcedure = t.procedure.use(async ({ ctx, next }) => {
  const key = readApiKeyFromHeader(ctx.headers.get("authorization"));
  let workspaceId: string;
  if (key) {
    const auth = await authenticateApiKey(ctx.db, key, "secret");
    if (!auth.ok) throw unauthorized(auth.error);
    workspaceId = auth.workspaceId;
  } else {
    const workspace = await findDefaultWorkspace(ctx.db);
    if (!workspace) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "No workspace exists yet: run the seed (npm start does).",
      });
    }
    workspaceId = workspace.id;
  }
  return next({ ctx: { ...ctx, workspaceId } });
});

/** Event ingest: needs a write or secret key, never falls back to a default workspace. */
export const ingestProcedure = t.procedure.use(async ({ ctx, next }) => {
  const auth = await authenticateApiKey(
    ctx.db,
    readApiKeyFromHeader(ctx.headers.get("authorization")),
    "write-or-secret",
  );
  if (!auth.ok) throw unauthorized(auth.error);
  return next({ ctx: { ...ctx, workspaceId: auth.workspaceId } });
});
