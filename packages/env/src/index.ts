// One environment schema module: each setting is declared once, in the group it belongs to,
// and every process composes the groups it reads (create-t3-turbo's `createEnv({ extends })`
// is the model). A process's own `env.ts` is then a few lines, and the only place in that
// process that reads `process.env`.
import { z } from "zod";

const HOST_PORT = /^[^\s:/]+:\d+$/;

/** Logs (@mailstream/log): every process. `json` writes one JSON record per line for a log collector. */
export const loggingEnv = {
  LOG_FORMAT: z.enum(["text", "json"], { error: 'LOG_FORMAT must be "text" or "json"' }).default("text"),
};

/** Postgres: every process that touches the database. */
export const databaseEnv = {
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is required (postgres://…)" })
    .min(1, "DATABASE_URL is required (postgres://…)"),
};

/** Temporal as a client (web, dispatcher): the embedded dev server's address by default. */
export const temporalClientEnv = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(HOST_PORT, "TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233")
    .default("localhost:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
};

/** Temporal for the worker: no default address, so a worker never polls a server by accident. */
export const temporalWorkerEnv = {
  ...temporalClientEnv,
  TEMPORAL_ADDRESS: z
    .string({ error: "TEMPORAL_ADDRESS is required (host:port)" })
    .regex(HOST_PORT, "TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233"),
};

/**
 * The Temporal UI a run links to from the run inspector (web): `npm start`'s dev server UI by
 * default (it passes its own port's URL). http(s) only: the value becomes a link.
 */
export const temporalUiEnv = {
  TEMPORAL_UI_URL: z
    .url({ protocol: /^https?$/, error: "TEMPORAL_UI_URL must be an http(s) URL, e.g. http://localhost:8233" })
    .default("http://localhost:8233"),
};

/** What web and worker must agree on: the public URL in links and the key that signs them. */
export const linksEnv = {
  MAILSTREAM_PUBLIC_URL: z
    .url("MAILSTREAM_PUBLIC_URL must be a URL, e.g. http://localhost:3000")
    .default("http://localhost:3000"),
  /** Signs tracking/unsubscribe tokens and seals stored credentials; web and worker share it. */
  MAILSTREAM_SECRET: z.string().min(16, "MAILSTREAM_SECRET must be at least 16 characters").optional(),
};

/** The server's default email transport (the worker sends; the web app sends test and system emails). */
export const emailEnv = {
  MAILSTREAM_DEFAULT_FROM: z.string().min(3).default("Mailstream Demo <demo@mailstream.test>"),
  EMAIL_TRANSPORT: z.enum(["outbox", "smtp", "resend"]).default("outbox"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must be smtp://… or smtps://…")
    .optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url("RESEND_BASE_URL must be a URL").optional(),
};

/**
 * The guarded outbound connection (@mailstream/net): private targets this instance may reach
 * anyway — comma-separated CIDRs, addresses or host names (e.g. `10.0.0.0/8, relay.internal`).
 * An instance setting on purpose: no workspace can widen it. Read by web and worker.
 */
export const outboundEnv = {
  MAILSTREAM_OUTBOUND_ALLOW: z.string().optional(),
};

/** The chosen transport's credentials must be present: checked wherever `emailEnv` is composed. */
export function requireTransportCredentials(
  env: { EMAIL_TRANSPORT?: string; SMTP_URL?: string | undefined; RESEND_API_KEY?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.EMAIL_TRANSPORT === "smtp" && !env.SMTP_URL) {
    ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: 'required when EMAIL_TRANSPORT is "smtp"' });
  }
  if (env.EMAIL_TRANSPORT === "resend" && !env.RESEND_API_KEY) {
    ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: 'required when EMAIL_TRANSPORT is "resend"' });
  }
}

/**
 * Parses `source` against a process's composed schema; a bad value throws once, naming
 * every problem and the process, so a misconfigured deployable stops at start.
 */
export function parseEnv<Schema extends z.ZodType>(
  processName: string,
  schema: Schema,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid ${processName} environment:\n${problems}`);
  }
  return parsed.data;
}
