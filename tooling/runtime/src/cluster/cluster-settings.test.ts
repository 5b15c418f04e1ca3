import { describe, expect, it } from "vitest";
import { readClusterSettings } from "./cluster-settings";

const installed = {
  MAILSTREAM_TEMPORAL_SERVER_BIN: "/tools/temporal-server",
  MAILSTREAM_TEMPORAL_SQL_TOOL_BIN: "/tools/temporal-sql-tool",
  MAILSTREAM_TEMPORAL_SCHEMA_DIR: "/tools/schema",
};

describe("readClusterSettings", () => {
  it("runs two web processes on PORT and PORT + 1 with four history shards by default", () => {
    expect(readClusterSettings(installed)).toMatchObject({ webPorts: [3000, 3001], historyShards: 4 });
  });

  it("refuses a Temporal port whose membership ports do not fit Temporal's smallint column", () => {
    expect(() => readClusterSettings({ ...installed, MAILSTREAM_TEMPORAL_PORT: "40000" })).toThrow(
      /MAILSTREAM_TEMPORAL_PORT must be from 301 to 33061 .* got 40000/,
    );
    expect(readClusterSettings({ ...installed, MAILSTREAM_TEMPORAL_PORT: "33061" }).temporalPort).toBe(33061);
  });

  it("names each problem: shard count, external services, missing tools", () => {
    let message = "";
    try {
      readClusterSettings({ MAILSTREAM_TEMPORAL_SHARDS: "0", DATABASE_URL: "postgresql://db/x" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/MAILSTREAM_TEMPORAL_SHARDS must be a whole number .* got "0"/);
    expect(message).toMatch(/DATABASE_URL \/ TEMPORAL_ADDRESS are for `npm start`/);
    expect(message).toMatch(/MAILSTREAM_TEMPORAL_SERVER_BIN is not set/);
  });
});
