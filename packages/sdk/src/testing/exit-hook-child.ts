// Spawned by client.test.ts: queues events with `flushOnExit` and then either lets the
// event loop drain (`beforeExit`) or waits to be sent SIGTERM. Prints "queued" when ready.
import { createMailstreamClient } from "../client";

const [host, writeKey, mode, userId] = process.argv.slice(2) as [string, string, "drain" | "sigterm", string];
const client = createMailstreamClient({ host, writeKey, flushAt: 100, flushIntervalMs: 60_000, flushOnExit: true });
client.track({ userId, event: `exit_${mode}_1` });
client.track({ userId, event: `exit_${mode}_2` });
process.stdout.write("queued\n");
// Keeps the process alive until SIGTERM, like a server would be.
if (mode === "sigterm") setInterval(() => {}, 1_000);
