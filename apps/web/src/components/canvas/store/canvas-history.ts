// Undo/redo for the canvas store: snapshots of the drawing taken before each edit, with a
// "burst" rule so that one gesture is one step — a drag from grab to drop, a typing run in
// one inspector field. Pure: the store decides when to record, undo and redo.
import type { CanvasDocument } from "./canvas-state";

/** What an undo restores: the drawing and the journey settings, selection included. */
export type CanvasSnapshot = Pick<CanvasDocument, "nodes" | "edges" | "settings">;

/**
 * The edit in progress that later edits may fold into. `sticky` bursts (a drag) last until
 * sealed; the others end once `BURST_MS` pass without an edit of the same key.
 */
interface Burst {
  key: string;
  at: number;
  sticky: boolean;
}

export interface CanvasHistory {
  /** Oldest first; the last entry is what one undo goes back to. */
  past: readonly CanvasSnapshot[];
  /** Nearest first: what one redo brings back. */
  future: readonly CanvasSnapshot[];
  burst: Burst | null;
  /** Counts undos and redos: forms holding typed text re-read the drawing when it changes. */
  restores: number;
}

/** Steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 100;
/** A pause this long ends a typing burst: the next keystroke starts a new undo step. */
export const BURST_MS = 1000;

export const EMPTY_HISTORY: CanvasHistory = { past: [], future: [], burst: null, restores: 0 };

export interface EditKind {
  /** Edits with the same key in one burst are one undo step (null: always a step of its own). */
  key: string | null;
  sticky?: boolean;
}

/** The history after an edit made from `before`: a new step, or folded into the running burst. */
export function recordEdit(history: CanvasHistory, before: CanvasSnapshot, edit: EditKind, now: number): CanvasHistory {
  const running = history.burst;
  const folds =
    edit.key !== null &&
    running !== null &&
    running.key === edit.key &&
    (running.sticky || now - running.at <= BURST_MS);
  const burst = edit.key === null ? null : { key: edit.key, at: now, sticky: edit.sticky ?? false };
  if (folds) return { ...history, future: [], burst };
  return { ...history, past: [...history.past, before].slice(-HISTORY_LIMIT), future: [], burst };
}

/** Ends the running burst: the next edit is a step of its own (a field lost focus, a drag ended). */
export function sealBurst(history: CanvasHistory): CanvasHistory {
  return history.burst === null ? history : { ...history, burst: null };
}

/** Steps back: the snapshot to restore and the history after it, or null with nothing to undo. */
export function undoStep(
  history: CanvasHistory,
  current: CanvasSnapshot,
): { snapshot: CanvasSnapshot; history: CanvasHistory } | null {
  const snapshot = history.past.at(-1);
  if (!snapshot) return null;
  return {
    snapshot,
    history: {
      past: history.past.slice(0, -1),
      future: [current, ...history.future],
      burst: null,
      restores: history.restores + 1,
    },
  };
}

/** Steps forward again after an undo, or null with nothing to redo. */
export function redoStep(
  history: CanvasHistory,
  current: CanvasSnapshot,
): { snapshot: CanvasSnapshot; history: CanvasHistory } | null {
  const [snapshot, ...rest] = history.future;
  if (!snapshot) return null;
  return {
    snapshot,
    history: {
      past: [...history.past, current].slice(-HISTORY_LIMIT),
      future: rest,
      burst: null,
      restores: history.restores + 1,
    },
  };
}

/** The top-level fields of `next` that differ from `prev`: names a field edit's burst. */
export function changedFields(prev: object, next: object): string[] {
  const a = prev as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}
