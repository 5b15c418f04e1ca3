// Where the embedded Postgres keeps its files. As root, Postgres runs as the `postgres`
// user, which must be able to walk down to the data folder; inside a private home (e.g.
// /root, mode 700) it cannot, so the data goes to /var/tmp and `.data/postgres` becomes a
// link to it — a second start still finds the same cluster.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function isTraversableByOthers(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

export function resolvePostgresDataDir(dataDir: string, log: (line: string) => void): string {
  const wanted = path.join(dataDir, "postgres");
  // Whatever an earlier start chose stays: a real folder, or the link to /var/tmp.
  if (existsSync(wanted)) return lstatSync(wanted).isSymbolicLink() ? readlinkSync(wanted) : wanted;
  if (!isRoot || isTraversableByOthers(dataDir)) return wanted;
  const hash = createHash("sha1").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
  const elsewhere = path.join("/var/tmp", `mailstream-postgres-${hash}`);
  mkdirSync(elsewhere, { recursive: true, mode: 0o755 });
  symlinkSync(elsewhere, wanted);
  log(`the postgres user cannot enter ${dataDir}; its data lives in ${elsewhere} (linked from ${wanted})`);
  return elsewhere;
}
