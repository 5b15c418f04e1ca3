// The web deployable's configuration: the only place in apps/web that reads process.env.
// Parsed on first use, not at import, so `next build` works without a database configured.
import { z } from "zod";

export const ZWebEnvSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (postgres://…)"),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, "TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233")
    .default("localhost:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
  MAILSTREAM_PUBLIC_URL: z.url("MAILSTREAM_PUBLIC_URL must be a URL, e.g. http://localhost:3000").default("http://localhost:3000"),
  /** Signs tracking/unsubscribe tokens; shared with the worker. Without it those links answer 404. */
  MAILSTREAM_SECRET: z.string().min(16, "MAILSTREAM_SECRET must be at least 16 characters").optional(),
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
  if (cached) return cached;
  const parsed = ZWebEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid web environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
