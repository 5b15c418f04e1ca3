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
  EMAIL_TRANSPORT: z.enum(["outbox"]).default("outbox"),
  EMAIL_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
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
