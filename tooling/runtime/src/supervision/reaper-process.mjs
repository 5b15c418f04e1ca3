#!/usr/bin/env node
// The reaper (started by reaper.ts): a tiny process beside the supervisor whose only job is to make sure no child
// outlives it. The supervisor writes one line per child to our stdin ("group <pid>" for a
// child in its own process group, "process <pid>" for one that is not, "forget <pid>" once a
// child exited). When stdin closes, the supervisor is gone — however it died, SIGKILL
// included, because the kernel closes the pipe — and we stop every child still listed:
// SIGTERM, then SIGKILL after the grace period. Plain Node, no dependencies: it must start
// in milliseconds and cannot fail to load.
import { setTimeout as sleep } from "node:timers/promises";

const GRACE_MS = Number(process.env.MAILSTREAM_REAPER_GRACE_MS) || 5_000;
const tracked = new Map(); // pid → "group" | "process"

// We live in our own process group, so a terminal's signals never reach us; a stray
// SIGHUP/SIGINT/SIGTERM must not either, or the children would be left behind.
for (const signal of ["SIGHUP", "SIGINT", "SIGTERM"]) process.on(signal, () => {});

let pending = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) apply(line.trim());
});
process.stdin.on("close", () => void reap());
process.stdin.on("error", () => void reap());

function apply(line) {
  const [verb, raw] = line.split(" ");
  const pid = Number(raw);
  if (!Number.isInteger(pid) || pid <= 1) return;
  if (verb === "group" || verb === "process") tracked.set(pid, verb);
  else if (verb === "forget") tracked.delete(pid);
}

function signal(pid, kind, name) {
  try {
    process.kill(kind === "group" ? -pid : pid, name);
    return true;
  } catch {
    return false; // already gone
  }
}

function isAlive(pid, kind) {
  return signal(pid, kind, 0);
}

let isReaping = false;
async function reap() {
  if (isReaping) return;
  isReaping = true;
  for (const [pid, kind] of tracked) signal(pid, kind, "SIGTERM");
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && [...tracked].some(([pid, kind]) => isAlive(pid, kind))) await sleep(100);
  for (const [pid, kind] of tracked) signal(pid, kind, "SIGKILL");
  process.exit(0);
}
