// Where the binaries the runtime needs live. `scripts/bootstrap.mjs` installs them into
// `.tools/bin`; this module only finds them.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const TOOLS_BIN = path.join(REPO_ROOT, ".tools", "bin");
export const DATA_DIR = path.join(REPO_ROOT, ".data");

function onPath(name: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export function findTemporalCli(): string {
  const local = path.join(TOOLS_BIN, "temporal");
  const found = existsSync(local) ? local : onPath("temporal");
  if (!found)
    throw new Error(
      "The temporal CLI is not installed: run `npm start` or `npm test`, which install it into .tools/bin.",
    );
  return found;
}

export function findTemporalTestServer(): string | null {
  const local = path.join(TOOLS_BIN, "temporal-test-server");
  return existsSync(local) ? local : null;
}

export function findChromium(): string | null {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : onPath("chromium");
}
