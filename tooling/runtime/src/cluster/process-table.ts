// The cluster supervisor's named list of children: each entry knows how to start its
// process, where it logs and how to stop it. A child that exits while the table runs is
// restarted with back-off (1 s doubling to 30 s, reset after a minute up), so killing any
// named process — by hand or by a fault drill — is a fault the cluster recovers from, not
// the end of it. The table is mirrored to a JSON file (name, pid, log, restarts, last exit)
// so a drill finds what to kill and sees the replacement come up.
import type { ChildProcess } from "node:child_process";
import { writeFileSync, renameSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProcessSpec {
  name: string;
  logFile: string;
  /** Starts the process; resolves once it runs (a readiness wait, if any, is the caller's). */
  start: () => Promise<ChildProcess>;
  /** "group": the child leads its own process group; stop and kill go to the whole group. */
  kind: "group" | "process";
  /** SIGTERM unless the program wants another (Postgres: SIGINT, its fast shutdown). */
  stopSignal?: NodeJS.Signals;
}

export interface ProcessRow {
  name: string;
  pid: number | null;
  logFile: string;
  startedAt: string | null;
  restarts: number;
  lastExit: string | null;
}

interface Entry {
  spec: ProcessSpec;
  child: ChildProcess | null;
  row: ProcessRow;
  /** Set while stop()/restart() brings it down on purpose, so the exit is not a fault. */
  isStopping: boolean;
}

const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

export class ProcessTable {
  private readonly entries = new Map<string, Entry>();
  private isClosed = false;

  constructor(
    private readonly options: {
      stateFile: string;
      log: (line: string) => void;
      graceMs?: number;
    },
  ) {}

  /** Starts a new named process and keeps it running until stop(). */
  async add(spec: ProcessSpec): Promise<void> {
    if (this.entries.has(spec.name)) throw new Error(`a process named ${spec.name} is already in the table`);
    const entry: Entry = {
      spec,
      child: null,
      isStopping: false,
      row: { name: spec.name, pid: null, logFile: spec.logFile, startedAt: null, restarts: 0, lastExit: null },
    };
    this.entries.set(spec.name, entry);
    await this.launch(entry);
  }

  rows(): ProcessRow[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.row }));
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Stops the named process and starts it again (what a drill does after a fault, on purpose). */
  async restart(name: string): Promise<void> {
    const entry = this.get(name);
    await this.bringDown(entry);
    entry.row.restarts += 1;
    await this.launch(entry);
  }

  /** Sends `signal` to the named process (its group for group children); the table restarts it. */
  kill(name: string, signal: NodeJS.Signals = "SIGKILL"): void {
    const entry = this.get(name);
    if (entry.child?.pid) send(entry.child.pid, entry.spec.kind, signal);
  }

  /** Stops the named processes in the given order (each step's names together); later adds stay out. */
  async stop(order: string[][]): Promise<void> {
    this.isClosed = true;
    const named = new Set(order.flat());
    const rest = [...this.entries.keys()].filter((name) => !named.has(name));
    for (const step of [rest, ...order]) {
      await Promise.all(step.filter((name) => this.entries.has(name)).map((name) => this.bringDown(this.get(name))));
    }
  }

  private get(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no process named ${name}; the table holds: ${this.names().join(", ")}`);
    return entry;
  }

  private async launch(entry: Entry): Promise<void> {
    entry.isStopping = false;
    const child = await entry.spec.start();
    entry.child = child;
    entry.row.pid = child.pid ?? null;
    entry.row.startedAt = new Date().toISOString();
    this.save();
    const startedAt = Date.now();
    child.once("exit", (code, signal) => {
      entry.row.lastExit = signal ? `killed by ${signal}` : `exit code ${code}`;
      entry.row.pid = null;
      entry.child = null;
      this.save();
      if (entry.isStopping || this.isClosed) return;
      void this.recover(entry, Date.now() - startedAt);
    });
  }

  /** Restarts a process that exited on its own, with back-off while it keeps failing. */
  private async recover(entry: Entry, upMs: number): Promise<void> {
    const failures = upMs >= STABLE_AFTER_MS ? 0 : entry.row.restarts;
    const delayMs = Math.min(BACKOFF_MIN_MS * 2 ** Math.min(failures, 10), BACKOFF_MAX_MS);
    this.options.log(
      `${entry.spec.name} exited (${entry.row.lastExit}); restarting in ${delayMs / 1000} s (log: ${entry.spec.logFile})`,
    );
    await sleep(delayMs);
    if (this.isClosed || entry.isStopping || entry.child) return;
    entry.row.restarts += 1;
    try {
      await this.launch(entry);
    } catch (error) {
      entry.row.lastExit = `failed to start: ${error instanceof Error ? error.message : String(error)}`;
      this.save();
      void this.recover(entry, 0);
    }
  }

  private async bringDown(entry: Entry): Promise<void> {
    entry.isStopping = true;
    const child = entry.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    send(child.pid, entry.spec.kind, entry.spec.stopSignal ?? "SIGTERM");
    const timer = setTimeout(() => send(child.pid!, entry.spec.kind, "SIGKILL"), this.options.graceMs ?? 15_000);
    await exited;
    clearTimeout(timer);
    if (entry.spec.kind === "group") send(child.pid, "group", "SIGKILL"); // grandchildren go with the group
  }

  private save(): void {
    const partial = `${this.options.stateFile}.partial`;
    writeFileSync(partial, `${JSON.stringify({ supervisor: process.pid, processes: this.rows() }, null, 2)}\n`);
    renameSync(partial, this.options.stateFile);
  }
}

function send(pid: number, kind: "group" | "process", signal: NodeJS.Signals): void {
  try {
    process.kill(kind === "group" ? -pid : pid, signal);
  } catch {
    // already gone
  }
}
