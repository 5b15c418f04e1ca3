// tRPC setup for every router: the request context, error shape, and the procedure
// variants (`publicProcedure`, `workspaceProcedure`, `ingestProcedure`).
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import superjson from "superjson";
import { ZodError } from "zod";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { isUnavailableError } from "@mailstream/core/errors/is-unavailable";
import { IngestValidationError } from "@mailstream/core/ingest/errors";
import { GraphIssuesError } from "@mailstream/core/journeys/graph-issues-error";
import { createLiveMetricsHub, type LiveMetricsHub } from "@mailstream/core/metrics/live-hub";
import { resolveWorkspace } from "@mailstream/core/workspaces/resolve-workspace";

/** What a deployable hands the API once per process. */
export interface ApiDeps {
  db: Db;
  /** Lazily connected: most requests never touch Temporal. */
  temporal: () => Promise<TemporalClient>;
  /** MAILSTREAM_SECRET: seals transport credentials in Settings (@mailstream/core/settings/settings.ts). */
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

/** The one mapping of the application error to tRPC codes (HTTP: http/responses.ts). */
const TRPC_CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  [AppErrorCode.NOT_FOUND]: "NOT_FOUND",
  [AppErrorCode.INVALID_INPUT]: "BAD_REQUEST",
  [AppErrorCode.CONFLICT]: "CONFLICT",
  [AppErrorCode.UNAUTHORIZED]: "UNAUTHORIZED",
  [AppErrorCode.FORBIDDEN]: "FORBIDDEN",
  [AppErrorCode.PRECONDITION_FAILED]: "PRECONDITION_FAILED",
  [AppErrorCode.LIMIT_EXCEEDED]: "PAYLOAD_TOO_LARGE",
  [AppErrorCode.UNAVAILABLE]: "SERVICE_UNAVAILABLE",
};

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on the server; it has been logged.";
export const UNAVAILABLE_MESSAGE = "Mailstream cannot reach its database right now; retry later.";

/** Errors toTRPCError made: the formatter sees them again and must not log or wrap them twice. */
const mappedErrors = new WeakSet<TRPCError>();

/**
 * What a failed procedure becomes on the wire: an AppError keeps its message under its tRPC
 * code; a database outage is SERVICE_UNAVAILABLE; anything else is INTERNAL_SERVER_ERROR with a
 * generic message (the original, which may hold SQL, is logged, never sent).
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError && mappedErrors.has(error)) return error;
  const cause = error instanceof TRPCError && error.code === "INTERNAL_SERVER_ERROR" && error.cause ? error.cause : error;
  let mapped: TRPCError;
  if (cause instanceof AppError) mapped = new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
  else if (cause instanceof TRPCError) return cause;
  else if (isUnavailableError(cause)) mapped = new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE, cause });
  else {
    console.error("[api] procedure failed", cause);
    mapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_ERROR_MESSAGE, cause });
  }
  mappedErrors.add(mapped);
  return mapped;
}

const TRPC_JSON_CODES = TRPC_ERROR_CODES_BY_KEY;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  sse: {
    // Live metrics push only on change, so a stream can be quiet for minutes: pings keep
    // proxies from closing it, and a client that hears nothing for 15 s reconnects.
    ping: { enabled: true, intervalMs: 5_000 },
    client: { reconnectAfterInactivityMs: 15_000 },
  },
  errorFormatter({ shape, error }) {
    // Procedures already throw mapped errors (mapErrors below); a live stream's error reaches
    // only this formatter, so it is mapped here by the same function.
    const mapped = error.code === "INTERNAL_SERVER_ERROR" ? toTRPCError(error) : error;
    const cause = mapped.cause;
    return {
      ...shape,
      message: mapped.message,
      code: mapped === error ? shape.code : TRPC_JSON_CODES[mapped.code],
      data: {
        ...shape.data,
        code: mapped.code,
        httpStatus: getHTTPStatusCodeFromError(mapped),
        // No stack on the wire: an unknown error's text may hold SQL.
        stack: undefined,
        zodIssues: cause instanceof ZodError ? cause.issues : null,
        // Save and publish failures carry the graph problems so the editor can mark each node.
        graphIssues: cause instanceof GraphIssuesError ? cause.graphIssues : null,
        // Ingest failures name each bad field, as the HTTP API's 400 body does.
        ingestIssues: cause instanceof IngestValidationError ? cause.issues : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure's errors leave through toTRPCError, for server-side callers as for HTTP. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/**
 * Everything the UI and typed clients read or manage. A secret key picks the workspace;
 * without one (the browser UI until login exists) the default workspace is used.
 */
export const workspaceProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const { workspaceId } = await resolveWorkspace({ db: ctx.db, authorization: ctx.headers.get("authorization"), requirement: "secret" });
  return next({ ctx: { ...ctx, workspaceId } });
});

/** Event ingest: needs a write or secret key, never falls back to a default workspace. */
export const ingestProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const { workspaceId } = await resolveWorkspace({ db: ctx.db, authorization: ctx.headers.get("authorization"), requirement: "write-or-secret" });
  return next({ ctx: { ...ctx, workspaceId } });
});
