// tRPC setup for every router: the request context, error shape, and the procedure
// variants (`publicProcedure`, `workspaceProcedure`, `ingestProcedure`).
import { initTRPC, TRPCError } from "@trpc/server";
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { findApiKey } from "@mailstream/db/queries/api-keys";
import { findDefaultWorkspace } from "@mailstream/db/queries/workspaces";
import superjson from "superjson";
import { ZodError } from "zod";
import { GraphIssuesError } from "./services/graph-issues-error";
import { createLiveMetricsHub, type LiveMetricsHub } from "./metrics/live-hub";

/** What a deployable hands the API once per process. */
export interface ApiDeps {
  db: Db;
  /** Lazily connected: most requests never touch Temporal. */
  temporal: () => Promise<TemporalClient>;
}

export interface Context {
  db: Db;
  temporal: () => Promise<TemporalClient>;
  headers: Headers;
  liveMetrics: LiveMetricsHub;
}

/**
 * Builds the per-request context creator for one process. The live metrics hub is made
 * here, once, so every subscriber in the process shares one poller per journey.
 */
export function createContextFactory(deps: ApiDeps): (opts: { headers: Headers }) => Context {
  const liveMetrics = createLiveMetricsHub(deps.db);
  return ({ headers }) => ({ db: deps.db, temporal: deps.temporal, headers, liveMetrics });
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodIssues: error.cause instanceof ZodError ? error.cause.issues : null,
        // Publish failures carry the graph problems so the editor can mark each node.
        graphIssues: error.cause instanceof GraphIssuesError ? error.cause.issues : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

/** The key from `Authorization: Bearer <key>` or HTTP Basic (key as user name, Segment's convention). */
export function readApiKey(headers: Headers): string | null {
  const header = headers.get("authorization");
  if (!header) return null;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const user = decoded.split(":", 1)[0];
    return user ? user : null;
  }
  return null;
}

async function resolveKey(db: Db, key: string) {
  const found = await findApiKey(db, key);
  if (!found) throw new TRPCError({ code: "UNAUTHORIZED", message: "Unknown or revoked API key." });
  return found;
}

/**
 * Everything the UI and typed clients read or manage. A secret key picks the workspace;
 * without one (the browser UI until login exists) the default workspace is used.
 */
export const workspaceProcedure = t.procedure.use(async ({ ctx, next }) => {
  const key = readApiKey(ctx.headers);
  let workspaceId: string;
  if (key) {
    const found = await resolveKey(ctx.db, key);
    if (found.kind !== "secret") {
      throw new TRPCError({ code: "FORBIDDEN", message: "A write key can only ingest events; use a secret key." });
    }
    workspaceId = found.workspaceId;
  } else {
    const workspace = await findDefaultWorkspace(ctx.db);
    if (!workspace) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: "No workspace exists yet: run the seed (npm start does)." });
    }
    workspaceId = workspace.id;
  }
  return next({ ctx: { ...ctx, workspaceId } });
});

/** Event ingest: needs a write or secret key, never falls back to a default workspace. */
export const ingestProcedure = t.procedure.use(async ({ ctx, next }) => {
  const key = readApiKey(ctx.headers);
  if (!key) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Missing API key: send `Authorization: Bearer <write key>`." });
  }
  const found = await resolveKey(ctx.db, key);
  return next({ ctx: { ...ctx, workspaceId: found.workspaceId } });
});
