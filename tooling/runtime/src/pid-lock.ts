// Exclusive locks held by a live process: a file holding the owner's pid, taken with
// O_EXCL and reclaimed when that pid is gone (a killed run never blocks the next one).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

/** Takes the lock, or returns the pid of the live process holding it. */
export function tryLock(file: string): { release: () => void } | { holder: number } {
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSafe(file));
    if (holder && holder !== process.pid && isAlive(holder)) return { holder };
    rmSync(file, { force: true }); // left behind by a process that died
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
