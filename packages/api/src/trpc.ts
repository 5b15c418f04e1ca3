// tRPC setup for every router: the request context, the one mapping of application errors,
// and the procedure variants. Every procedure declares who may call it through its variant,
// recorded in its meta (`access`): `permissionProcedure(permission)`, `memberProcedure`,
// `sessionProcedure`, `ingestProcedure`. The permission walk test reads that meta for every
// procedure, so one without a declaration fails it.
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { Client as TemporalClient } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { Permission } from "@mailstream/auth/permissions";
import type { MailstreamAuth } from "@mailstream/auth/server";
import { ZodError } from "zod";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { isRefusedDataError, isUnavailableError } from "@mailstream/core/errors/is-unavailable";
import { log, newErrorId } from "@mailstream/log";
import { authenticateApiKey, readApiKeyFromHeader } from "@mailstream/core/ingest/auth";
import { IngestValidationError } from "@mailstream/core/ingest/errors";
import { findUnstorable } from "@mailstream/core/ingest/storable";
import { GraphIssuesError } from "@mailstream/core/journeys/graph-issues-error";
import { createLiveMetricsHub, type LiveMetricsHub } from "@mailstream/core/metrics/live-hub";
import { createLocalSystemMailer, type SystemMailer } from "@mailstream/core/system-mail/system-mail";
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { RateLimitedError } from "@mailstream/auth/rate-limit";
import { createLiveSlots, type LiveSlots } from "./live-subscriptions";
import { clientAddress } from "@mailstream/auth/client-address";
import { auditContextOf, auditOriginOf, authorize, resolveActor, resolveSessionUser, type AuthzFailure } from "./authz";
import { transformer } from "@mailstream/wire/transformer";
import { isInstanceOwner } from "@mailstream/auth/instance-owner";

/** What a deployable hands the API once per process. */
export interface ApiDeps {
  db: Db;
  /** Lazily connected: most requests never touch Temporal. */
  temporal: () => Promise<TemporalClient>;
  /** MAILSTREAM_SECRET: seals transport credentials in Settings (services/settings.ts). */
  secret?: string | undefined;
  /** better-auth (packages/auth): without it only secret keys are accepted (no sessions). */
  auth?: MailstreamAuth | undefined;
  /** Invitations and other system emails; without it, the outbox (logged) for localhost. */
  systemMail?: SystemMailer | undefined;
  /** The instance's outbound guard (MAILSTREAM_OUTBOUND_ALLOW); absent: no private target at all. */
  outbound?: OutboundGuard | undefined;
  /** MAILSTREAM_TRUST_PROXY: how many reverse proxies of yours stand in front (auth/client-address.ts). */
  trustedProxies?: number | undefined;
  /** The queue test runs go to (default: the journeys queue); tests pass their own workers'. */
  journeyTaskQueue?: string | undefined;
}

export interface Context {
  db: Db;
  temporal: () => Promise<TemporalClient>;
  headers: Headers;
  liveMetrics: LiveMetricsHub;
  /** Live subscriptions per person in this process (live-subscriptions.ts). */
  liveSlots: LiveSlots;
  secret: string | undefined;
  auth: MailstreamAuth | null;
  systemMail: SystemMailer;
  outbound: OutboundGuard;
  /** The client's address for the audit log; null when unknown (packages/auth/src/client-address.ts). */
  sourceAddress: string | null;
  journeyTaskQueue: string | undefined;
}

/** Who may call a procedure: declared once per procedure by the variant it is built from. */
export type ProcedureAccess =
  | { kind: "permission"; permission: Permission }
  /** Any member or key of the workspace, whatever the role (the shell's own data). */
  | { kind: "member" }
  /** A signed-in person, member of any workspace or none (list, switch, create workspaces). */
  | { kind: "session" }
  /** Public by design, guarded by a write or secret key. */
  | { kind: "ingest" }
  /** A signed-in instance owner (never a key): instance-wide settings such as single sign-on. */
  | { kind: "instance" };

export interface ProcedureMeta {
  access?: ProcedureAccess;
}

/**
 * Builds the per-request context creator for one process. The live metrics hub is made
 * here, once, so every subscriber in the process shares one poller per journey.
 */
export function createContextFactory(deps: ApiDeps): (opts: { headers: Headers }) => Context {
  const liveMetrics = createLiveMetricsHub(deps.db);
  const liveSlots = createLiveSlots();
  const auth = deps.auth ?? null;
  const systemMail = deps.systemMail ?? createLocalSystemMailer(deps.db);
  const outbound = deps.outbound ?? createOutboundGuard();
  const trustedProxies = deps.trustedProxies ?? 0;
  return ({ headers }) => ({
    db: deps.db,
    temporal: deps.temporal,
    headers,
    liveMetrics,
    liveSlots,
    secret: deps.secret,
    auth,
    systemMail,
    outbound,
    sourceAddress: clientAddress(headers, trustedProxies),
    journeyTaskQueue: deps.journeyTaskQueue,
  });
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
export const REFUSED_DATA_MESSAGE =
  "The input holds a value that cannot be stored (e.g. out of range or not valid text).";
const PARSE_ERROR_MESSAGE = "The request body is not valid JSON.";

/** One input problem on the wire: the dotted field path (`blocks.2.url`, "" for the whole input) and words. */
export interface FieldIssue {
  path: string;
  message: string;
}

export function fieldIssuesOf(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/**
 * The words of an input that failed its schema, in place of zod's JSON: each problem's message,
 * after its field when the message does not already name it ("name: Give the journey a name").
 */
export function describeFieldIssues(issues: readonly FieldIssue[]): string {
  const parts = issues.slice(0, 5).map(({ path, message }) => {
    const field = path.split(".").pop() ?? "";
    return field === "" || message.toLowerCase().includes(field.toLowerCase()) ? message : `${path}: ${message}`;
  });
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : "";
  return `${parts.join("; ")}${more}`;
}

/** Errors toTRPCError made: the formatter sees them again and must not log or wrap them twice. */
const mappedErrors = new WeakSet<TRPCError>();
/** The id a logged INTERNAL_SERVER_ERROR carries to the client (`data.errorId`). */
const errorIds = new WeakMap<TRPCError, string>();

/**
 * What a failed procedure becomes on the wire: an AppError keeps its message under its tRPC
 * code; a database outage is SERVICE_UNAVAILABLE; a value Postgres refused as data is
 * BAD_REQUEST; anything else is INTERNAL_SERVER_ERROR with a generic message and an error id
 * (the original, which may hold SQL and the input, is logged under that id, never sent).
 */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError && mappedErrors.has(error)) return error;
  const cause =
    error instanceof TRPCError && error.code === "INTERNAL_SERVER_ERROR" && error.cause ? error.cause : error;
  let mapped: TRPCError;
  if (cause instanceof AppError)
    mapped = new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
  // tRPC's own input check: its message is zod's issues as JSON, which no person should read.
  else if (cause instanceof TRPCError && cause.code === "BAD_REQUEST" && cause.cause instanceof ZodError)
    mapped = new TRPCError({
      code: "BAD_REQUEST",
      message: describeFieldIssues(fieldIssuesOf(cause.cause)),
      cause: cause.cause,
    });
  else if (cause instanceof TRPCError) return cause;
  else if (isUnavailableError(cause)) {
    log.warn("procedure failed: database unavailable", {}, cause);
    mapped = new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE, cause });
  } else if (isRefusedDataError(cause)) {
    log.warn("procedure refused: the database refused a value as data", {}, cause);
    mapped = new TRPCError({ code: "BAD_REQUEST", message: REFUSED_DATA_MESSAGE, cause });
  } else {
    const errorId = newErrorId();
    log.error("procedure failed", { errorId }, cause);
    mapped = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: `${INTERNAL_ERROR_MESSAGE} Error id: ${errorId}.`,
      cause,
    });
    errorIds.set(mapped, errorId);
  }
  mappedErrors.add(mapped);
  return mapped;
}

const TRPC_JSON_CODES = TRPC_ERROR_CODES_BY_KEY;

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer,
    sse: {
      // Live metrics push only on change, so a stream can be quiet for minutes: pings keep
      // proxies from closing it, and a client that hears nothing for 15 s reconnects.
      ping: { enabled: true, intervalMs: 5_000 },
      client: { reconnectAfterInactivityMs: 15_000 },
    },
    errorFormatter({ shape, error }) {
      // Procedures already throw mapped errors (mapErrors below); a live stream's error reaches
      // only this formatter, so it is mapped here by the same function.
      const mapped =
        error.code === "INTERNAL_SERVER_ERROR" || error.cause instanceof ZodError ? toTRPCError(error) : error;
      const cause = mapped.cause;
      return {
        ...shape,
        // A body tRPC could not parse: JSON.parse's message quotes the body.
        message: mapped.code === "PARSE_ERROR" || cause instanceof SyntaxError ? PARSE_ERROR_MESSAGE : mapped.message,
        code: mapped === error ? shape.code : TRPC_JSON_CODES[mapped.code],
        data: {
          ...shape.data,
          code: mapped.code,
          httpStatus: getHTTPStatusCodeFromError(mapped),
          // No stack on the wire: an unknown error's text may hold SQL.
          stack: undefined,
          errorId: errorIds.get(mapped) ?? null,
          zodIssues: cause instanceof ZodError ? cause.issues : null,
          // Each bad field by its dotted path, in words: the editors mark the field from it.
          fieldIssues:
            cause instanceof ZodError
              ? fieldIssuesOf(cause)
              : cause instanceof AppError && cause.issues
                ? cause.issues
                : null,
          // Save and publish failures carry the graph problems so the editor can mark each node.
          graphIssues: cause instanceof GraphIssuesError ? cause.graphIssues : null,
          // Ingest failures name each bad field, as the HTTP API's 400 body does.
          ingestIssues: cause instanceof IngestValidationError ? cause.issues : null,
          // A rate-limited call says how long to wait (the web route also sets Retry-After).
          ...(cause instanceof RateLimitedError ? { retryAfterSeconds: cause.retryAfterSeconds } : {}),
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

/**
 * The edge check of every input (ingest/storable.ts): a NUL, a lone surrogate, a `__proto__` key
 * or a nest deeper than 64 levels is a 400 naming its path before any procedure runs, so no
 * such value reaches a query. Ingest procedures are left to their use case, which runs the same
 * check and names the paths the way the HTTP API does (`ingestIssues`).
 */
const refuseUnstorableInput = t.middleware(async ({ meta, getRawInput, next }) => {
  if (meta?.access?.kind === "ingest") return next();
  const issues = findUnstorable(await getRawInput());
  if (issues.length > 0) {
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    throw new AppError(AppErrorCode.INVALID_INPUT, `Invalid input: ${summary}`, { issues });
  }
  return next();
});

/**
 * Every variant below starts here: its errors leave through toTRPCError. It declares no access,
 * so the permission walk refuses any app procedure built on it directly (tests of the error
 * mapping use it on their own routers).
 */
export const publicProcedure = t.procedure.use(mapErrors).use(refuseUnstorableInput);

function refused(failure: AuthzFailure): TRPCError {
  return new TRPCError({ code: failure.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN", message: failure.message });
}

/**
 * Everything the UI and typed clients read or manage: a secret key or a session acting on one
 * workspace whose role holds `permission` (packages/auth/src/permissions.ts). Checked before
 * input parsing, so a refused call never reaches the procedure.
 */
export function permissionProcedure(permission: Permission) {
  return publicProcedure.meta({ access: { kind: "permission", permission } }).use(async ({ ctx, next }) => {
    const actor = await authorize(ctx, ctx.headers, permission);
    if (!actor.ok) throw refused(actor);
    const audit = auditContextOf(actor.value, ctx.sourceAddress);
    return next({ ctx: { ...ctx, workspaceId: actor.value.workspaceId, actor: actor.value, audit } });
  });
}

/** Any key or member of the workspace, whatever the role. */
export const memberProcedure = publicProcedure.meta({ access: { kind: "member" } }).use(async ({ ctx, next }) => {
  const actor = await resolveActor(ctx, ctx.headers);
  if (!actor.ok) throw refused(actor);
  const audit = auditContextOf(actor.value, ctx.sourceAddress);
  return next({ ctx: { ...ctx, workspaceId: actor.value.workspaceId, actor: actor.value, audit } });
});

/** A signed-in person (never a key), possibly a member of no workspace yet. */
export const sessionProcedure = publicProcedure.meta({ access: { kind: "session" } }).use(async ({ ctx, next }) => {
  const session = await resolveSessionUser(ctx, ctx.headers);
  if (!session.ok) throw refused(session);
  const auditOrigin = auditOriginOf({ kind: "user", user: session.value.user }, ctx.sourceAddress);
  return next({ ctx: { ...ctx, session: session.value, auditOrigin } });
});

/** An instance owner, signed in (never a key); anyone else is refused with a 403. */
export const instanceOwnerProcedure = publicProcedure
  .meta({ access: { kind: "instance" } })
  .use(async ({ ctx, next }) => {
    const session = await resolveSessionUser(ctx, ctx.headers);
    if (!session.ok) throw refused(session);
    if (!(await isInstanceOwner(ctx.db, session.value.user.userId)))
      throw new TRPCError({ code: "FORBIDDEN", message: INSTANCE_OWNER_MESSAGE });
    const auditOrigin = auditOriginOf({ kind: "user", user: session.value.user }, ctx.sourceAddress);
    return next({ ctx: { ...ctx, session: session.value, auditOrigin } });
  });

export const INSTANCE_OWNER_MESSAGE = "Only the instance owner may see or change instance settings.";

/** Event ingest: needs a write or secret key, never falls back to a default workspace. */
export const ingestProcedure = publicProcedure.meta({ access: { kind: "ingest" } }).use(async ({ ctx, next }) => {
  const auth = await authenticateApiKey(
    ctx.db,
    readApiKeyFromHeader(ctx.headers.get("authorization")),
    "write-or-secret",
  );
  if (!auth.ok) throw new TRPCError({ code: "UNAUTHORIZED", message: auth.error });
  return next({ ctx: { ...ctx, workspaceId: auth.workspaceId } });
});
