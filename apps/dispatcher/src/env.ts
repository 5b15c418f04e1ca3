// The dispatcher process's configuration: the only place in the dispatcher that reads
// process.env, composed from the shared groups of @mailstream/env.
import { databaseEnv, loggingEnv, parseEnv, temporalClientEnv } from "@mailstream/env";
import { z } from "zod";

export const ZDispatcherEnvSchema = z.object({ ...databaseEnv, ...temporalClientEnv, ...loggingEnv });
export type DispatcherEnv = z.infer<typeof ZDispatcherEnvSchema>;

/** Parses the environment once; a bad value stops the process with every problem named. */
export function readDispatcherEnv(source: NodeJS.ProcessEnv = process.env): DispatcherEnv {
  return parseEnv("dispatcher", ZDispatcherEnvSchema, source);
}
