// The one logger of every process (web, dispatcher, worker): one record per line, readable by
// default, JSON with LOG_FORMAT=json (each process's env.ts passes it to configureLogger).
// A record holds the level, the process, a message and correlation ids (errorId, messageId,
// workflowId, …) — never personal data: no emails, traits or payloads. An error is described
// by its name, SQLSTATE or errno code and stack frames; its message only with quoted values
// cut out, and a failed query by the start of its SQL, never its parameters.
import { randomBytes } from "node:crypto";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";

/** Correlation ids and counts: short identifiers only, never a payload. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  /** `error`, when given, is described without its data (describeError). */
  warn(message: string, fields?: LogFields, error?: unknown): void;
  error(message: string, fields?: LogFields, error?: unknown): void;
  /** A logger that adds `fields` to every record (a loop's name, a workflow id). */
  with(fields: LogFields): Logger;
}

interface LoggerConfig {
  process: string;
  format: LogFormat;
  /** Where lines go; stderr unless a test collects them. */
  write: (line: string) => void;
}

// On globalThis: Next evaluates route handlers in separate module graphs, each with its own
// copy of this module; one configuration per process is the point.
const configKey = Symbol.for("mailstream.logger");
const store = globalThis as typeof globalThis & { [configKey]?: LoggerConfig };
const config: LoggerConfig = (store[configKey] ??= {
  process: "mailstream",
  format: "text",
  write: (line) => process.stderr.write(`${line}\n`),
});

/** Called once by each process at start, from its env.ts values. */
export function configureLogger(options: Partial<LoggerConfig>): void {
  Object.assign(config, options);
}

/** A short random id a 500 answer and its log record share, so a report can be matched to the log. */
export function newErrorId(): string {
  return `err_${randomBytes(6).toString("hex")}`;
}

const MAX_SQL_CHARS = 160;
const MAX_MESSAGE_CHARS = 300;
// Postgres quotes the value it refused (`invalid input syntax for type uuid: "ada@…"`); ids
// and table names lose their quotes too, which is the price of never logging a value.
const QUOTED = /"[^"]*"|'[^']*'/g;

/** What can be said about an error without its data: name, code, redacted message, frames. */
export function describeError(error: unknown): { error: string; stack?: string } {
  const parts: string[] = [];
  let stack: string | undefined;
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    if (!(e instanceof Error)) {
      parts.push(typeof e === "string" ? redact(e) : typeof e);
      break;
    }
    const { code, query } = e as { code?: unknown; query?: unknown };
    const label = typeof code === "string" ? `${e.name} [${code}]` : e.name;
    const text =
      typeof query === "string"
        ? `failed query: ${query.slice(0, MAX_SQL_CHARS)}${query.length > MAX_SQL_CHARS ? "…" : ""}`
        : redact(e.message);
    parts.push(`${label}: ${text}`);
    // Frames only: the stack's head repeats the message, which may span lines (a query's params).
    stack ??= e.stack
      ?.split("\n")
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 8)
      .join("\n");
    e = e.cause;
  }
  return stack ? { error: parts.join(" ← caused by "), stack } : { error: parts.join(" ← caused by ") };
}

function redact(message: string): string {
  const cut = message.replace(QUOTED, "…");
  return cut.length > MAX_MESSAGE_CHARS ? `${cut.slice(0, MAX_MESSAGE_CHARS)}…` : cut;
}

function emit(level: LogLevel, message: string, bound: LogFields, fields: LogFields = {}, error?: unknown) {
  const record: Record<string, unknown> = {
    time: new Date().toISOString(),
    level,
    process: config.process,
    message,
    ...bound,
    ...fields,
    ...(error === undefined ? {} : describeError(error)),
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  config.write(config.format === "json" ? JSON.stringify(record) : toText(record));
}

function toText(record: Record<string, unknown>): string {
  const { time, level, process: name, message, stack, ...rest } = record;
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === "string" && !/\s/.test(value) ? value : JSON.stringify(value)}`)
    .join(" ");
  const head = `${String(time)} ${String(level).toUpperCase().padEnd(5)} [${String(name)}] ${String(message)}`;
  return `${head}${extra ? ` ${extra}` : ""}${typeof stack === "string" ? `\n${stack}` : ""}`;
}

function createLogger(bound: LogFields): Logger {
  return {
    debug: (message, fields) => emit("debug", message, bound, fields),
    info: (message, fields) => emit("info", message, bound, fields),
    warn: (message, fields, error) => emit("warn", message, bound, fields, error),
    error: (message, fields, error) => emit("error", message, bound, fields, error),
    with: (fields) => createLogger({ ...bound, ...fields }),
  };
}

/** The process's logger; configureLogger decides its process name and format. */
export const log: Logger = createLogger({});

/** A logger that writes nothing (tests that provoke failures on purpose). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  with: () => silentLogger,
};
