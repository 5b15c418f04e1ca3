// The bench's web process for ingest: the ingest listener the web process serves ingest with
// (`createIngestListener`, packages/api/src/http/ingest-listener.ts, through the test ingest server)
// in a process of its own, as `npm start` runs it, so a probe counts its CPU apart from the
// load generator's ("web (ingest listener)", process-cpu.ts). What it leaves out of the web
// process is Next.js, which no longer sees ingest calls, and the Host check and response
// headers (apps/web/server.ts), a few microseconds.
//
// Usage (bench/src/local-stack.ts): DATABASE_URL=… node --import tsx web-ingest.ts --port <port>
import { parseArgs } from "node:util";
import { startIngestServer } from "@mailstream/api/http/ingest-node-server";
import { createDb } from "@mailstream/db/client";

const { values } = parseArgs({ options: { port: { type: "string" } } });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is not set");
const { db, pool } = createDb(databaseUrl);
pool.on("error", () => {}); // idle connections die when the stack stops; the next query reconnects
const server = await startIngestServer(db, Number(values.port ?? 0));
console.log(`web ingest listening on ${server.url}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
