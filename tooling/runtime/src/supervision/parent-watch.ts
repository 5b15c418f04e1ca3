// Notices when the process that started us dies. The supervisor runs in a process group of
// its own (so Ctrl-C reaches it once and it can stop children in order), which also means a
// kill of its parent's group — `kill -9` of npm's group, a closed terminal tab — does not
// reach it. When the parent is gone the kernel re-parents us, and process.ppid changes.
export const PARENT_POLL_MS = 250;

/** Calls `onGone` once when our parent process has died; returns a function that stops watching. */
export function watchParent(onGone: () => void, intervalMs = PARENT_POLL_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
