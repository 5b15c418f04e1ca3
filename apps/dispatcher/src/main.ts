// Dispatcher process entry point (spawned by the supervisor with tsx; loops.ts lists what it
// runs). Temporal may still be starting: the client connects lazily and failed starts are
// retried with backoff, so the process never needs to wait for it. SIGINT/SIGTERM finish the
// current round, then exit.
import { closeDb } from "@mailstream/db/client";
import { configureLogger, log } from "@mailstream/log";
import { closeTemporalClients, getTemporalClient } from "@mailstream/temporal-contracts/client";
import { readDispatcherEnv } from "./env";
import { runLoops } from "./loops";

const env = readDispatcherEnv();
configureLogger({ process: "dispatcher", format: env.LOG_FORMAT });
const controller = new AbortController();

function stop(signal: NodeJS.Signals): void {
  if (controller.signal.aborted) {
    log.warn("second stop signal, exiting now", { signal });
    process.exit(1);
  }
  log.info("dispatcher stopping", { signal });
  controller.abort();
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

async function main(): Promise<void> {
  try {
    const temporal = getTemporalClient({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE });
    await runLoops({
      databaseUrl: env.DATABASE_URL,
      temporal,
      signal: controller.signal,
      // The readiness line is a contract (supervisor, tests, benches wait for it), not a log record.
      onReady: () => process.stdout.write("dispatcher ready\n"),
    });
  } finally {
    await Promise.allSettled([closeTemporalClients(), closeDb(env.DATABASE_URL)]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log.error("dispatcher failed", {}, error);
    process.exit(1);
  },
);
