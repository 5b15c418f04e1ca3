// The web deployable's configuration: the only place in apps/web that reads process.env,
// composed from the shared groups of @mailstream/env. Parsed on first use, not at import,
// so `next build` works without a database configured.
import { databaseEnv, linksEnv, parseEnv, temporalClientEnv } from "@mailstream/env";
import { z } from "zod";

export const ZWebEnvSchema = z.object({
  ...databaseEnv,
  ...temporalClientEnv,
  ...linksEnv,
  /** Open sign-up: `true` lets anyone create an account at /api/auth/sign-up/email. Off by default. */
  MAILSTREAM_OPEN_SIGNUP: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
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
});
export type WebEnv = z.infer<typeof ZWebEnvSchema>;

let cached: WebEnv | undefined;

/** The validated environment; throws once per bad value, naming every problem. */
export function getEnv(): WebEnv {
  cached ??= parseEnv("web", ZWebEnvSchema);
  return cached;
}
