// The web deployable's configuration: the only place in apps/web that reads process.env,
// composed from the shared groups of @mailstream/env. Parsed on first use, not at import,
// so `next build` works without a database configured.
import { databaseEnv, linksEnv, loggingEnv, parseEnv, temporalClientEnv } from "@mailstream/env";
import { configureLogger } from "@mailstream/log";
import { z } from "zod";

export const ZWebEnvSchema = z.object({
  ...databaseEnv,
  ...temporalClientEnv,
  ...linksEnv,
  ...loggingEnv,
  /** Open sign-up: `true` lets anyone create an account at /api/auth/sign-up/email. Off by default. */
  MAILSTREAM_OPEN_SIGNUP: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** Resend's webhook signing secret (`whsec_…`); without it /api/webhooks/resend answers 503. */
  RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_", "RESEND_WEBHOOK_SECRET must start with whsec_").optional(),
});
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
