// Dispatcher process entry point (spawned by the supervisor with tsx). Temporal may still
// be starting: the client connects lazily and failed starts are retried with backoff, so
// the process never needs to wait for it. SIGINT/SIGTERM finish the current round, then exit.
import { closeDb, createDb } from "@mailstream/db/client";
import { closeTemporalClients, getTemporalClient } from "@mailstream/temporal-contracts/client";
import { readDispatcherEnv } from "./env";
import { runSegmentSchedule } from "../segments/schedule";
import { lifecyclePauser, startAlertChecker } from "../services/metrics-alerts";
import { startAutoWinnerChecker } from "../services/metrics-experiments-auto";
import { runDispatcher } from "./run-dispatcher";

const env = readDispatcherEnv();
const controller = new AbortController();

function stop(signal: NodeJS.Signals): void {
  if (controller.signal.aborted) {
    console.log(`dispatcher: second ${signal}, exiting now`);
    process.exit(1);
  }
  console.log(`dispatcher stopping (${signal})`);
  controller.abort();
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

async function main(): Promise<void> {
  try {
    const temporal = getTemporalClient({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE });
    // Segment re-evaluation for time-based rules runs beside the event loop, stopped by the same signal.
    const segmentSchedule = runSegmentSchedule({ databaseUrl: env.DATABASE_URL, temporal, signal: controller.signal });
    // Delivery-health alerts are checked here, not in web processes: there is one dispatcher
    // per deployment but any number of web servers, and only this process can pause a
    // journey's runs (it holds a Temporal client) when a workspace enables auto-pause.
    const { db } = createDb(env.DATABASE_URL);
    const stopAlerts = startAlertChecker(db, { pauseJourney: lifecyclePauser({ db, temporal: () => Promise.resolve(temporal) }) });
    controller.signal.addEventListener("abort", stopAlerts, { once: true });
    // Automatic experiment winners, here for the same reason: one checker per deployment.
    const stopAutoWinners = startAutoWinnerChecker(db);
    controller.signal.addEventListener("abort", stopAutoWinners, { once: true });
    await runDispatcher({ databaseUrl: env.DATABASE_URL, temporal, signal: controller.signal, onReady: () => console.log("dispatcher ready") });
    await segmentSchedule;
  } finally {
    await Promise.allSettled([closeTemporalClients(), closeDb(env.DATABASE_URL)]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("dispatcher failed:", error);
    process.exit(1);
  },
);
