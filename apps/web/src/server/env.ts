// The web deployable's configuration: the only place in apps/web that reads process.env,
// composed from the shared groups of @mailstream/env. Parsed on first use, not at import,
// so `next build` works without a database configured.
import {
  databaseEnv,
  emailEnv,
  linksEnv,
  loggingEnv,
  outboundEnv,
  parseEnv,
  requireTransportCredentials,
  temporalClientEnv,
  temporalUiEnv,
} from "@mailstream/env";
import { configureLogger } from "@mailstream/log";
import { z } from "zod";

export const ZWebEnvSchema = z
  .object({
    ...databaseEnv,
    ...temporalClientEnv,
    ...temporalUiEnv,
    ...linksEnv,
    ...outboundEnv,
    ...loggingEnv,
    // System emails (invitations, password reset, verification) go through the default transport.
    ...emailEnv,
    /** Open sign-up: `true` lets anyone create an account at /api/auth/sign-up/email. Off by default. */
    MAILSTREAM_OPEN_SIGNUP: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((value) => value === "true" || value === "1"),
    /** Ingest per API key: sustained requests per second and the burst above it (docs/security.md). */
    MAILSTREAM_INGEST_RATE: z.coerce.number().int().positive().default(1_000),
    MAILSTREAM_INGEST_BURST: z.coerce.number().int().positive().default(2_000),
    /**
     * `true` when a reverse proxy you control sets X-Forwarded-For: its first hop is then the
     * client address in the audit and security logs. Off by default (any client can write it).
     */
    MAILSTREAM_TRUST_PROXY: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((value) => value === "true" || value === "1"),
    /** Resend's webhook signing secret (`whsec_…`); without it /api/webhooks/resend answers 503. */
    RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_", "RESEND_WEBHOOK_SECRET must start with whsec_").optional(),
  })
  .superRefine(requireTransportCredentials);
export type WebEnv = z.infer<typeof ZWebEnvSchema>;

let cached: WebEnv | undefined;

/** The validated environment; throws once per bad value, naming every problem. */
export function getEnv(): WebEnv {
  if (!cached) {
    cached = parseEnv("web", ZWebEnvSchema);
    configureLogger({ process: "web", format: cached.LOG_FORMAT });
  }
  return cached;
}

const ZSurfaceEnvSchema = z.object({ MAILSTREAM_PUBLIC_URL: linksEnv.MAILSTREAM_PUBLIC_URL });
let surface: { publicUrl: URL; isDevelopment: boolean } | undefined;

/** What the middleware needs (server/surface.ts): the public URL only, so a page never waits on the rest. */
export function getSurfaceEnv(): { publicUrl: URL; isDevelopment: boolean } {
  surface ??= {
    publicUrl: new URL(parseEnv("web", ZSurfaceEnvSchema).MAILSTREAM_PUBLIC_URL),
    isDevelopment: process.env.NODE_ENV === "development",
  };
  return surface;
}
