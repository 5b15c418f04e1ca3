// The dispatcher process's configuration: the only place in the dispatcher that reads
// process.env, composed from the shared groups of @mailstream/env.
import { databaseEnv, loggingEnv, parseEnv, temporalClientEnv } from "@mailstream/env";
import { z } from "zod";

export const ZDispatcherEnvSchema = z.object({
  ...databaseEnv,
  ...temporalClientEnv,
  ...loggingEnv,
  /**
   * Workflow tasks waiting in the journeys queue above which dispatch waits for the workers
   * (core/dispatch/start-gate.ts); 0 turns the wait off.
   */
  DISPATCH_MAX_WORKFLOW_BACKLOG: z.coerce.number().int().min(0).optional(),
});
export type DispatcherEnv = z.infer<typeof ZDispatcherEnvSchema>;

/** Parses the environment once; a bad value stops the process with every problem named. */
export function readDispatcherEnv(source: NodeJS.ProcessEnv = process.env): DispatcherEnv {
  return parseEnv("dispatcher", ZDispatcherEnvSchema, source);
}
