// tRPC setup for every router: the request context, error shape, and the procedure
// variants. Every procedure declares who may call it through its variant, recorded in its
// meta (`access`): `permissionProcedure(permission)`, `memberProcedure`, `sessionProcedure`,
// `ingestProcedure`. The permission walk test reads that meta for every procedure.
import { initTRPC, TRPCError } from "@trpc/server";
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { Permission } from "@mailstream/auth/permissions";
import type { MailstreamAuth } from "@mailstream/auth/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { authorize, resolveActor, resolveSessionUser, type AuthzFailure } from "./authz";
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
  /** better-auth (packages/auth): without it only secret keys are accepted (no sessions). */
  auth?: MailstreamAuth | undefined;
}

export interface Context {
  db: Db;
  temporal: () => Promise<TemporalClient>;
  headers: Headers;
  liveMetrics: LiveMetricsHub;
  secret: string | undefined;
  auth: MailstreamAuth | null;
}

/** Who may call a procedure: declared once per procedure by the variant it is built from. */
export type ProcedureAccess =
  | { kind: "permission"; permission: Permission }
  /** Any member or key of the workspace, whatever the role (the shell's own data). */
  | { kind: "member" }
  /** A signed-in person, member of any workspace or none (list, switch, create workspaces). */
  | { kind: "session" }
  /** Public by design, guarded by a write or secret key. */
  | { kind: "ingest" };

export interface ProcedureMeta {
  access?: ProcedureAccess;
}

/**
 * Builds the per-request context creator for one process. The live metrics hub is made
 * here, once, so every subscriber in the process shares one poller per journey.
 */
export function createContextFactory(deps: ApiDeps): (opts: { headers: Headers }) => Context {
  const liveMetrics = createLiveMetricsHub(deps.db);
  const auth = deps.auth ?? null;
  return ({ headers }) => ({ db: deps.db, temporal: deps.temporal, headers, liveMetrics, secret: deps.secret, auth });
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
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

function refused(failure: AuthzFailure): TRPCError {
  return new TRPCError({ code: failure.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN", message: failure.message });
}

/**
 * Everything the UI and typed clients read or manage: a secret key or a session acting on one
 * workspace whose role holds `permission` (packages/auth/src/permissions.ts). Checked before
 * input parsing, so a refused call never reaches the procedure.
 */
export function permissionProcedure(permission: Permission) {
  return t.procedure.meta({ access: { kind: "permission", permission } }).use(async ({ ctx, next }) => {
    const actor = await authorize(ctx, ctx.headers, permission);
    if (!actor.ok) throw refused(actor);
    return next({ ctx: { ...ctx, workspaceId: actor.value.workspaceId, actor: actor.value } });
  });
}

/** Any key or member of the workspace, whatever the role. */
export const memberProcedure = t.procedure.meta({ access: { kind: "member" } }).use(async ({ ctx, next }) => {
  const actor = await resolveActor(ctx, ctx.headers);
  if (!actor.ok) throw refused(actor);
  return next({ ctx: { ...ctx, workspaceId: actor.value.workspaceId, actor: actor.value } });
});

/** A signed-in person (never a key), possibly a member of no workspace yet. */
export const sessionProcedure = t.procedure.meta({ access: { kind: "session" } }).use(async ({ ctx, next }) => {
  const session = await resolveSessionUser(ctx, ctx.headers);
  if (!session.ok) throw refused(session);
  return next({ ctx: { ...ctx, session: session.value } });
});

/** Event ingest: needs a write or secret key, never falls back to a default workspace. */
export const ingestProcedure = t.procedure.meta({ access: { kind: "ingest" } }).use(async ({ ctx, next }) => {
  const auth = await authenticateApiKey(
    ctx.db,
    readApiKeyFromHeader(ctx.headers.get("authorization")),
    "write-or-secret",
  );
  if (!auth.ok) throw unauthorized(auth.error);
  return next({ ctx: { ...ctx, workspaceId: auth.workspaceId } });
});
