// The worker process's configuration: the only place in `temporal/` that reads process.env,
// composed from the shared groups of @mailstream/env plus the email queue's rate limits.
import {
  databaseEnv,
  emailEnv,
  linksEnv,
  outboundEnv,
  loggingEnv,
  parseEnv,
  requireTransportCredentials,
  temporalWorkerEnv,
} from "@mailstream/env";
import { z } from "zod";

export const ZWorkerEnvSchema = z
  .object({
    ...databaseEnv,
    ...temporalWorkerEnv,
    ...linksEnv,
    ...outboundEnv,
    ...loggingEnv,
    // The default transport; a workspace that picks its own in Settings sends through that one
    // (createWorkspaceTransports in activities/send-email.ts).
    ...emailEnv,
    EMAIL_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
    /** Per-transport overrides of the email queue's limit (email-rate.ts); absent = EMAIL_RATE_LIMIT_PER_SECOND. */
    EMAIL_RATE_LIMIT_OUTBOX: z.coerce.number().positive().optional(),
    EMAIL_RATE_LIMIT_SMTP: z.coerce.number().positive().optional(),
    EMAIL_RATE_LIMIT_RESEND: z.coerce.number().positive().optional(),
    /** The time-skipping server test runs use; absent = .tools/bin/temporal-test-server (installed by `npm run setup`). */
    TEMPORAL_TEST_SERVER: z.string().min(1).optional(),
  })
  .superRefine(requireTransportCredentials);
export type WorkerEnv = z.infer<typeof ZWorkerEnvSchema>;

/** Parses the environment once; a bad value stops the process with every problem named. */
export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return parseEnv("worker", ZWorkerEnvSchema, source);
}
