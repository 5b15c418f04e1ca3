// The installed entry point (bin/mailstream.mjs) as a child process: it loads the TypeScript
// through tsx and exits with main's code.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/mailstream.mjs", import.meta.url));

describe("bin/mailstream.mjs", () => {
  it("refuses to run without a key, naming where one comes from, with exit code 2", () => {
    const env = { ...process.env, MAILSTREAM_SECRET_KEY: "" };
    const result = spawnSync(process.execPath, [BIN, "pull", "Welcome"], { env, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("No secret key: pass --key or set MAILSTREAM_SECRET_KEY");
  });
});
