import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tryLock } from "./pid-lock";

const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-lock-test-"));

describe("tryLock", () => {
  it("takes a free lock and frees it on release", () => {
    const file = path.join(dir, "free.lock");
    const lock = tryLock(file);
    if (!("release" in lock)) throw new Error("expected the lock");
    expect(readFileSync(file, "utf8")).toBe(String(process.pid));
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it("reports the live process holding the lock", async () => {
    const file = path.join(dir, "held.lock");
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => holder.once("spawn", resolve));
      writeFileSync(file, String(holder.pid));
      expect(tryLock(file)).toEqual({ holder: holder.pid });
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("reclaims a lock left by a process that died", async () => {
    const file = path.join(dir, "stale.lock");
    const dead = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => dead.once("exit", resolve));
    writeFileSync(file, String(dead.pid));
    const lock = tryLock(file);
    expect("release" in lock).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(String(process.pid));
  });
});
