// Worker process entry point (spawned by the supervisor with tsx): connect to Temporal
// (waiting for it if it is still starting), run the `journeys` and `email` workers, and
// drain them on SIGINT/SIGTERM so in-flight activities finish before exit.
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { closeDb, createDb } from "@mailstream/db/client";
import { createTransport } from "@mailstream/emails/transports";
import { createOutboundGuard } from "@mailstream/net";
import { configureLogger, log } from "@mailstream/log";
import { resolveEmailRate } from "./email-rate";
import { readWorkerEnv } from "./env";
import { createWorkers, runWorkers, shutdownWorkers, type MailstreamWorkers } from "./worker";

const env = readWorkerEnv();
/** Where the project's scripts install the time-skipping server (scripts/lib/temporal-cli.mjs). */
const DEFAULT_TEST_SERVER = fileURLToPath(new URL("../../../.tools/bin/temporal-test-server", import.meta.url));
configureLogger({ process: "worker", format: env.LOG_FORMAT });

// We own the shutdown signals (so stopping is one code path) and keep the SDK's logs to warnings.
Runtime.install({ shutdownSignals: [], logger: new DefaultLogger("WARN") });

let workers: MailstreamWorkers | undefined;
let isStopping = false;
const controller = new AbortController();

function stop(signal: NodeJS.Signals): void {
  if (isStopping) return;
  isStopping = true;
  log.info("worker stopping", { signal });
  controller.abort();
  if (workers) shutdownWorkers(workers);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

/** Temporal may still be starting (embedded dev server, compose): retry with capped backoff. */
async function connectWithRetry(address: string, signal: AbortSignal): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (signal.aborted) throw error;
      const delayMs = Math.min(250 * 2 ** (attempt - 1), 5_000);
      if (attempt === 1 || attempt % 10 === 0) {
        log.warn("Temporal not reachable yet; retrying", { address, attempt }, error);
      }
      await sleep(delayMs, undefined, { signal }).catch(() => {});
      if (signal.aborted) throw new Error("stopped before Temporal was reachable");
    }
  }
}

async function main(): Promise<void> {
  const connection = await connectWithRetry(env.TEMPORAL_ADDRESS, controller.signal);
  const { db } = createDb(env.DATABASE_URL);
  // Webhook steps and workspace transports reach private addresses only if the instance allows them.
  const outbound = createOutboundGuard({ allow: env.MAILSTREAM_OUTBOUND_ALLOW });
  try {
    workers = await createWorkers({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      db,
      transport: createTransport(env.EMAIL_TRANSPORT, {
        smtpUrl: env.SMTP_URL,
        resendApiKey: env.RESEND_API_KEY,
        resendBaseUrl: env.RESEND_BASE_URL,
        outbound,
      }),
      outbound,
      defaultFrom: env.MAILSTREAM_DEFAULT_FROM,
      publicUrl: env.MAILSTREAM_PUBLIC_URL,
      secret: env.MAILSTREAM_SECRET,
      testRunServerPath: env.TEMPORAL_TEST_SERVER ?? DEFAULT_TEST_SERVER,
      emailRatePerSecond: resolveEmailRate({
        transport: env.EMAIL_TRANSPORT,
        defaultRate: env.EMAIL_RATE_LIMIT_PER_SECOND,
        perTransport: {
          outbox: env.EMAIL_RATE_LIMIT_OUTBOX,
          smtp: env.EMAIL_RATE_LIMIT_SMTP,
          resend: env.EMAIL_RATE_LIMIT_RESEND,
        },
      }),
    });
    const running = runWorkers(workers);
    if (isStopping)
      shutdownWorkers(workers); // a signal arrived while the workflow code was bundling
    // The readiness line is a contract (supervisor, tests, benches wait for it), not a log record.
    else process.stdout.write("worker ready\n");
    await running;
  } finally {
    await connection.close();
    await closeDb(env.DATABASE_URL);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (isStopping) process.exit(0);
    log.error("worker failed", {}, error);
    process.exit(1);
  },
);
