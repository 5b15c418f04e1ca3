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
     * How many reverse proxies you control stand in front of the web app, each appending the
     * address it saw to X-Forwarded-For (`true` = 1). 0 by default: the web server's own socket
     * address is the client's, and X-Forwarded-For (which any client can write) is ignored.
     */
    MAILSTREAM_TRUST_PROXY: z
      .string()
      .trim()
      .default("0")
      .transform((value) => (value === "true" ? 1 : value === "false" || value === "" ? 0 : Number(value)))
      .pipe(
        z
          .number({ message: "MAILSTREAM_TRUST_PROXY must be a number of proxies (0-10) or true/false" })
          .int("MAILSTREAM_TRUST_PROXY must be a whole number of proxies")
          .min(0, "MAILSTREAM_TRUST_PROXY cannot be negative")
          .max(10, "MAILSTREAM_TRUST_PROXY counts proxies: at most 10"),
      ),
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
