// Starts the full stack (embedded Postgres, Temporal dev server, worker, dispatcher and
// the production web build) in a fresh temporary data folder on free ports, and hands the
// specs its URL, demo keys and the demo owner's login through the environment, and signs the
// owner in once (helpers/auth.ts: the storage state every spec starts from). The returned
// function tears it down.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "@mailstream/runtime/ports";
import { startStack } from "@mailstream/runtime/stack";
import { OWNER_STORAGE_STATE } from "./helpers/auth";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mailstream-e2e-"));
  // Kept after the run (beside the data folder) so a failure can be read afterwards.
  const logFile = `${dataDir}.log`;
  const log = (source: string, line: string) => appendFileSync(logFile, `[${source}] ${line}\n`);
  const ports = {
    webPort: await findFreePort(),
    postgresPort: await findFreePort(),
    temporalPort: await findFreePort(),
  };
  process.stdout.write(`[e2e] starting the stack on port ${ports.webPort} (log: ${logFile})\n`);
  const started = Date.now();
  // Tests always run their own Postgres and Temporal, even if the shell points elsewhere.
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...env } = process.env;
  let stack;
  try {
    // sso.spec.ts runs its OpenID provider on this machine: the web app may reach 127.0.0.1.
    const outbound = { MAILSTREAM_OUTBOUND_ALLOW: env.MAILSTREAM_OUTBOUND_ALLOW ?? "127.0.0.1" };
    stack = await startStack({ ...ports, dataDir, temporalUiPort: null, env: { ...env, ...outbound }, log });
  } catch (error) {
    const tail = readTail(logFile, 60);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `the e2e stack did not start: ${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail}`,
    );
  }
  process.stdout.write(`[e2e] stack ready at ${stack.webUrl} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  process.env.MAILSTREAM_E2E_BASE_URL = stack.webUrl;
  process.env.MAILSTREAM_WRITE_KEY = stack.keys.writeKey;
  process.env.MAILSTREAM_SECRET_KEY = stack.keys.secretKey;
  process.env.MAILSTREAM_E2E_DATABASE_URL = stack.databaseUrl;
  process.env.MAILSTREAM_E2E_OWNER_EMAIL = stack.login.email;
  process.env.MAILSTREAM_E2E_OWNER_PASSWORD = stack.login.password;
  await saveOwnerSession(stack.webUrl, stack.login);
  const running = stack;
  void running.unexpectedExit.then((exit) => {
    process.stderr.write(`[e2e] ${exit.name} exited during the tests (code ${exit.code}); see ${logFile}\n`);
  });
  return async () => {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

/** Signs the demo owner in over HTTP and saves the session cookie as Playwright storage state. */
async function saveOwnerSession(webUrl: string, login: { email: string; password: string }): Promise<void> {
  const response = await fetch(`${webUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify(login),
  });
  if (!response.ok) throw new Error(`signing the demo owner in failed: ${response.status} ${await response.text()}`);
  const { hostname } = new URL(webUrl);
  const cookies = response.headers.getSetCookie().map((line) => {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const maxAge = attributes.find((a) => a.toLowerCase().startsWith("max-age="));
    return {
      name: pair.slice(0, eq),
      value: pair.slice(eq + 1),
      domain: hostname,
      path: "/",
      expires: maxAge ? Math.floor(Date.now() / 1000) + Number(maxAge.split("=")[1]) : -1,
      httpOnly: attributes.some((a) => a.toLowerCase() === "httponly"),
      secure: attributes.some((a) => a.toLowerCase() === "secure"),
      sameSite: "Lax" as const,
    };
  });
  mkdirSync(path.dirname(OWNER_STORAGE_STATE), { recursive: true });
  writeFileSync(OWNER_STORAGE_STATE, JSON.stringify({ cookies, origins: [] }, null, 2), { mode: 0o600 });
}

function readTail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}
