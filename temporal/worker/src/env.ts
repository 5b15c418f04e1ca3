// The worker process's configuration: the only place in `temporal/` that reads process.env.
import { z } from "zod";

export const ZWorkerEnvSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (postgres://…)"),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, "TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
  MAILSTREAM_DEFAULT_FROM: z.string().min(3).default("Mailstream Demo <demo@mailstream.test>"),
  MAILSTREAM_PUBLIC_URL: z.url().default("http://localhost:3000"),
  // The default transport; a workspace that picks its own in Settings sends through that one
  // (createWorkspaceTransports in activities/send-email.ts).
  EMAIL_TRANSPORT: z.enum(["outbox", "smtp", "resend"]).default("outbox"),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must be smtp://… or smtps://…").optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url("RESEND_BASE_URL must be a URL").optional(),
  EMAIL_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  /** Per-transport overrides of the email queue's limit (email-rate.ts); absent = EMAIL_RATE_LIMIT_PER_SECOND. */
  EMAIL_RATE_LIMIT_OUTBOX: z.coerce.number().positive().optional(),
  EMAIL_RATE_LIMIT_SMTP: z.coerce.number().positive().optional(),
  EMAIL_RATE_LIMIT_RESEND: z.coerce.number().positive().optional(),
  /** Signs tracking/unsubscribe tokens; the web app must have the same value. */
  MAILSTREAM_SECRET: z.string().min(16, "MAILSTREAM_SECRET must be at least 16 characters").optional(),
}).superRefine((env, ctx) => {
  if (env.EMAIL_TRANSPORT === "smtp" && !env.SMTP_URL) {
    ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: 'required when EMAIL_TRANSPORT is "smtp"' });
  }
  if (env.EMAIL_TRANSPORT === "resend" && !env.RESEND_API_KEY) {
    ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: 'required when EMAIL_TRANSPORT is "resend"' });
  }
});
export type WorkerEnv = z.infer<typeof ZWorkerEnvSchema>;

/** Parses the environment once; a bad value stops the process with every problem named. */
export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = ZWorkerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid worker environment:\n${problems}`);
  }
  return parsed.data;
}
