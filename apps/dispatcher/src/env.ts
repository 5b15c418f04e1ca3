// The dispatcher process's configuration: the only place in the dispatcher that reads process.env.
import { z } from "zod";

export const ZDispatcherEnvSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (postgres://…)"),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, "TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233")
    .default("localhost:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
});
export type DispatcherEnv = z.infer<typeof ZDispatcherEnvSchema>;

/** Parses the environment once; a bad value stops the process with every problem named. */
export function readDispatcherEnv(source: NodeJS.ProcessEnv = process.env): DispatcherEnv {
  const parsed = ZDispatcherEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid dispatcher environment:\n${problems}`);
  }
  return parsed.data;
}
