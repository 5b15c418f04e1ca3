// The baseline's worker process: `tsx worker-main.ts <temporal address> <run queue> <send queue>`.
// Two workers in one process, as Mailstream's worker runs them.
import { fileURLToPath } from "node:url";
import { NativeConnection, Runtime, Worker } from "@temporalio/worker";
import * as activities from "./activities";

const [address, runQueue, sendQueue] = process.argv.slice(2);
if (!address || !runQueue || !sendQueue)
  throw new Error("usage: worker-main.ts <temporal address> <run queue> <send queue>");

Runtime.install({
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => console.error(message) },
});
const connection = await NativeConnection.connect({ address });
const workflowsPath = fileURLToPath(new URL("./workflows.ts", import.meta.url));
const workers = await Promise.all([
  Worker.create({ connection, taskQueue: runQueue, workflowsPath, activities: { note: activities.note } }),
  Worker.create({ connection, taskQueue: sendQueue, activities: { deliver: activities.deliver } }),
]);
const stop = () => workers.forEach((worker) => worker.shutdown());
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
console.log("baseline worker ready");
await Promise.all(workers.map((worker) => worker.run()));
await connection.close();
