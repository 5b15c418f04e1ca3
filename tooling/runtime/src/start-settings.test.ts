import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStartSettings } from "./start-settings";
import { DATA_DIR } from "./tools";

describe("readStartSettings", () => {
  it("defaults to the embedded stack on the documented ports", () => {
    expect(readStartSettings({})).toEqual({
      dataDir: DATA_DIR,
      webPort: 3000,
      postgresPort: 5433,
      temporalPort: 7233,
      temporalUiPort: 8233,
      databaseUrl: undefined,
      temporalAddress: undefined,
      temporalNamespace: "default",
      publicUrl: undefined,
    });
  });

  it("takes external services, ports and a data folder from the environment", () => {
    const settings = readStartSettings({
      PORT: "4000",
      MAILSTREAM_PG_PORT: "6543",
      DATABASE_URL: "postgresql://u:p@db:5432/mailstream",
      TEMPORAL_ADDRESS: "temporal:7233",
      TEMPORAL_NAMESPACE: "mailstream",
      MAILSTREAM_DATA_DIR: "some/dir",
    });
    expect(settings).toMatchObject({
      webPort: 4000,
      postgresPort: 6543,
      databaseUrl: "postgresql://u:p@db:5432/mailstream",
      temporalAddress: "temporal:7233",
      temporalNamespace: "mailstream",
      dataDir: path.resolve("some/dir"),
    });
  });

  it("names every bad variable in one error", () => {
    const read = () =>
      readStartSettings({
        PORT: "web",
        MAILSTREAM_PG_PORT: "70000",
        DATABASE_URL: "mysql://x",
        TEMPORAL_ADDRESS: "http://t:1",
      });
    expect(read).toThrow(/PORT must be a port number \(1-65535\), got "web"/);
    expect(read).toThrow(/MAILSTREAM_PG_PORT must be a port number \(1-65535\), got "70000"/);
    expect(read).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(read).toThrow(/TEMPORAL_ADDRESS must be host:port/);
  });
});
