import pg from "pg";
import { describe, expect, it } from "vitest";
import { testEnv } from "./test-env";

describe("test stack", () => {
  it("serves a migrated Postgres", async () => {
    const client = new pg.Client({ connectionString: testEnv().databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'events'",
    );
    const { rows: settings } = await client.query("SHOW synchronous_commit");
    await client.end();
    expect(rows[0].n).toBe(1);
    // Thrown-away data: commits do not wait for the disk (test-stack.ts).
    expect(settings[0].synchronous_commit).toBe("off");
  });
});
