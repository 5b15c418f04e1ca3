// No orphans: a supervisor tree in miniature (fixtures/) is killed the two ways that used to
// leave children running, and every process of it must be gone within a few seconds.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const GONE_WITHIN_MS = 5_000;

interface Tree {
  parent: number;
  supervisor: number;
  reaper: number;
  children: number[];
}

const started: number[] = [];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed child of ours stays a zombie until reaped; /proc tells the two apart.
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z /.test(stat);
}

async function startTree(): Promise<Tree> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "mailstream-tree-")), "tree.json");
  const parent = spawn(process.execPath, [path.join(FIXTURES, "tiny-parent.mjs")], {
    env: { ...process.env, MAILSTREAM_TREE_FILE: file },
    stdio: "ignore",
    detached: true, // npm's process group, which the test kills as a whole
  });
  if (parent.pid === undefined) throw new Error("could not start the tiny parent");
  started.push(parent.pid);
  const deadline = Date.now() + 20_000;
  while (!existsSync(file) || readFileSync(file, "utf8") === "") {
    if (Date.now() > deadline) throw new Error("the tiny supervisor did not report its pids within 20 s");
    await sleep(100);
  }
  const tree = { parent: parent.pid, ...(JSON.parse(readFileSync(file, "utf8")) as Omit<Tree, "parent">) };
  started.push(tree.supervisor, tree.reaper, ...tree.children);
  return tree;
}

async function survivors(pids: number[]): Promise<number[]> {
  const deadline = Date.now() + GONE_WITHIN_MS;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await sleep(100);
  }
}

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone, as it should be
    }
  }
});

describe("the supervisor leaves no orphans", () => {
  it("stops itself and every child when its parent's process group is killed with SIGKILL", async () => {
    const tree = await startTree();
    const all = [tree.supervisor, tree.reaper, ...tree.children];
    expect(all.filter(isAlive)).toEqual(all);
    process.kill(-tree.parent, "SIGKILL");
    expect(await survivors([tree.parent, ...all])).toEqual([]);
  });

  it("has the reaper stop every child when the supervisor itself is killed with SIGKILL", async () => {
    const tree = await startTree();
    process.kill(tree.supervisor, "SIGKILL");
    expect(await survivors([tree.supervisor, tree.reaper, ...tree.children])).toEqual([]);
  });
});
