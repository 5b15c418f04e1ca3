// Finds the Chromium the e2e suite drives: PLAYWRIGHT_CHROMIUM_EXECUTABLE, /usr/bin/chromium,
// or Debian's `chromium` package installed with apt when running as root.
import { existsSync } from "node:fs";
import { BootstrapError, isRoot, logStep, runCommand, which } from "./shell.mjs";

export async function ensureChromium() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new BootstrapError(`PLAYWRIGHT_CHROMIUM_EXECUTABLE=${fromEnv} does not exist.`);
    logStep(`chromium: ${fromEnv} (PLAYWRIGHT_CHROMIUM_EXECUTABLE)`);
    return fromEnv;
  }
  const found = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : which("chromium");
  if (found) {
    logStep(`chromium: ${found}`);
    return found;
  }
  const aptGet = which("apt-get");
  if (isRoot() && aptGet) {
    logStep("chromium: not found; installing the Debian package with apt-get (needs network, a minute or two)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    await runCommand(aptGet, ["update"], { env, timeoutMs: 300_000 });
    await runCommand(aptGet, ["install", "-y", "--no-install-recommends", "chromium"], { env, timeoutMs: 900_000 });
    if (existsSync("/usr/bin/chromium")) {
      logStep("chromium: installed /usr/bin/chromium");
      return "/usr/bin/chromium";
    }
    throw new BootstrapError("apt-get installed `chromium` but /usr/bin/chromium is still missing.");
  }
  throw new BootstrapError(
    "Chromium is needed for the e2e tests and was not found. Either install it " +
      "(Debian/Ubuntu: `sudo apt-get install chromium`), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium/Chrome binary, " +
      "or run `pnpm --filter @mailstream/e2e exec playwright install chromium` and point PLAYWRIGHT_CHROMIUM_EXECUTABLE at it.",
  );
}
