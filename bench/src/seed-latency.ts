// `pnpm --filter @mailstream/bench run seed-latency`: puts bench:latency's own journey
// (bench_signed_up → email → exit, the shape of the raw baseline) into a running instance's
// database, so an external run measures the same journey as the bench's own stack instead of
// the demo's Welcome journey (whose "Getting started" follow-up a minute later would land in
// the next probe's CPU). Prints the environment lines that point bench:latency at it.
import { closeDb, createDb } from "@mailstream/db/client";
import { generateApiKey, insertApiKey } from "@mailstream/db/queries/api-keys";
import { EVENT_NAME, seedWorkspace } from "./local-stack";

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl?.startsWith("postgres")) {
    throw new Error(
      "DATABASE_URL must be the running instance's Postgres URL (cluster mode: postgres://…@127.0.0.1:<MAILSTREAM_PG_PORT>/mailstream)",
    );
  }
  const { db } = createDb(databaseUrl);
  try {
    const { workspaceId, writeKey } = await seedWorkspace(db, "Latency bench (external)");
    // The bench reads each contact's messages back through the public API (contacts:read).
    const secretKey = generateApiKey("secret");
    await insertApiKey(db, workspaceId, "secret", secretKey, "developer", { name: "bench:latency" });
    console.log(`MAILSTREAM_WRITE_KEY=${writeKey}`);
    console.log(`MAILSTREAM_SECRET_KEY=${secretKey}`);
    console.log(`# and: --event ${EVENT_NAME}`);
  } finally {
    await closeDb(databaseUrl);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
