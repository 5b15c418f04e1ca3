// Where the CLI prints and where relative paths start: the process's in production, a test's own
// buffers in tests (main(argv, io)).
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Relative paths start here (pnpm runs scripts from the repository root; INIT_CWD is where the person was). */
  cwd: string;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env: process.env,
  };
}
