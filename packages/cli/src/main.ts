// `mailstream <command>`: journeys as code against a Mailstream server, over tRPC with a secret
// key. main(argv, io) returns the exit code, so tests call it in-process as the bin does.
import path from "node:path";
import { parseArgs } from "node:util";
import { CliError, connect } from "./client";
import { diff } from "./diff";
import { processIo, type CliIo } from "./io";
import { pull } from "./pull";
import { push } from "./push";
import { test } from "./test-command";

export const DEFAULT_URL = "http://localhost:3000";

const USAGE = `Usage: mailstream <command> [options]

Commands:
  pull <journey name or id> [--dir d] [--live]   write the journey and its templates as files
  push [files…] [--dir d] [--publish]            validate the files, then save (and publish)
  diff [files…] [--dir d]                        what differs from the live version (exit 1 when different)
  test <file.test.json…>                         run journey test files through test runs (exit 1 on failure)

Options:
  --key <secret key>   or MAILSTREAM_SECRET_KEY (a secret API key of the workspace)
  --url <origin>       or MAILSTREAM_URL (default ${DEFAULT_URL})
  --dir <folder>       the file set's folder (default: the current folder)`;

const OPTIONS = {
  key: { type: "string" },
  url: { type: "string" },
  dir: { type: "string" },
  publish: { type: "boolean", default: false },
  live: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export interface MainDeps {
  /** The server's fetch (tests point it at their own server). */
  fetch?: typeof fetch;
}

export async function main(argv: readonly string[], io: CliIo = processIo(), deps: MainDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    (command === undefined && !values.help ? io.err : io.out)(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const key = values.key ?? io.env.MAILSTREAM_SECRET_KEY;
  if (!key) {
    io.err("No secret key: pass --key or set MAILSTREAM_SECRET_KEY (Settings → API keys → a secret key).");
    return 2;
  }
  const url = values.url ?? io.env.MAILSTREAM_URL ?? DEFAULT_URL;
  const server = connect(url, key, deps.fetch);
  const dir = values.dir === undefined ? undefined : path.resolve(io.cwd, values.dir);
  try {
    switch (command) {
      case "pull":
        if (rest.length !== 1) throw new CliError(["pull takes one journey name or id (quote a name with spaces)."]);
        return await pull(server, io, { journey: rest[0] as string, dir: dir ?? io.cwd, live: values.live });
      case "push":
        return await push(server, io, { files: rest, dir, publish: values.publish });
      case "diff":
        return await diff(server, io, { files: rest, dir });
      case "test":
        if (rest.length === 0) throw new CliError(["test takes one or more .test.json files."]);
        return await test(server, io, { files: rest });
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    for (const line of error.lines) io.err(line);
    return command === "diff" ? 2 : 1;
  }
}
