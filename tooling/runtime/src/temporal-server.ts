// The Temporal dev server (`temporal server start-dev`) on a SQLite file, as a child
// process. WAL and synchronous=OFF make SQLite fast enough for a laptop-sized stack.
import { spawn, type ChildProcess } from "node:child_process";
import { RUN_SEARCH_ATTRIBUTES } from "@mailstream/temporal-contracts/search-attributes";
import { ensureRunSearchAttributes } from "./temporal-search-attributes";
import { findTemporalCli } from "./tools";
import { waitForPort } from "./ports";

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: {
  dbFile: string | null;
  port: number;
  uiPort: number | null;
  onOutput?: (line: string) => void;
  /** Namespaces to create besides `default`. */
  namespaces?: string[];
  /**
   * Own process group: a terminal's Ctrl-C then reaches only the supervisor, which stops
   * the server after the workers that depend on it.
   */
  detached?: boolean;
}): Promise<RunningTemporal> {
  const args = ["server", "start-dev", "--ip", "127.0.0.1", "--port", String(options.port), "--log-level", "warn"];
  if (options.dbFile) {
    args.push(
      "--db-filename",
      options.dbFile,
      "--sqlite-pragma",
      "journal_mode=WAL",
      "--sqlite-pragma",
      "synchronous=OFF",
    );
  }
  if (options.uiPort) args.push("--ui-port", String(options.uiPort));
  else args.push("--headless");
  for (const namespace of options.namespaces ?? []) if (namespace !== "default") args.push("--namespace", namespace);
  // Runs are started with these (the dispatcher); the server refuses attributes it does not know.
  for (const attribute of RUN_SEARCH_ATTRIBUTES)
    args.push("--search-attribute", `${attribute.name}=${attribute.cliType}`);
  const child = spawn(findTemporalCli(), args, {
    env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  const forward = (chunk: Buffer) => options.onOutput?.(chunk.toString());
  child.stdout?.on("data", forward);
  child.stderr?.on("data", forward);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`temporal dev server exited early with code ${code}`))),
  );
  exited.catch(() => {});
  await Promise.race([waitForPort(options.port, 60_000), exited]);
  // A kept database (npm start's .data) may hold namespaces made before the attributes existed.
  if (options.dbFile) {
    for (const namespace of new Set(["default", ...(options.namespaces ?? [])]))
      await ensureRunSearchAttributes({ cli: findTemporalCli(), address: `127.0.0.1:${options.port}`, namespace });
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    process: child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
