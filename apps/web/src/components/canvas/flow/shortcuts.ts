// Every keyboard shortcut of the canvas, listed once: the shortcut sheet (`?`) shows this
// list, and the editing keys (undo, redo, duplicate) are matched against it by
// `use-canvas-shortcuts.ts`, so the sheet cannot promise keys that do nothing. The other rows
// are handled where they live (React Flow's key props, the copy/paste events, the editor's
// Save). "Mod" is Ctrl, or ⌘ on a Mac; both are accepted everywhere.

/** The shortcuts `use-canvas-shortcuts.ts` handles from this list. */
export type EditCommand = "undo" | "redo" | "duplicate";

export interface CanvasShortcut {
  /** What the keys do, as the sheet words it. */
  action: string;
  /** Alternative key combinations, each a list of keys pressed together (the last is the key). */
  combos: readonly (readonly string[])[];
  /** A button over the canvas that does the same, named as it reads. */
  button?: string;
  /** Set on the rows `matchEditCommand` answers for. */
  command?: EditCommand;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: readonly CanvasShortcut[];
}

export const CANVAS_SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: "Editing",
    shortcuts: [
      { action: "Undo", combos: [["Mod", "Z"]], command: "undo" },
      {
        action: "Redo",
        combos: [
          ["Shift", "Mod", "Z"],
          ["Ctrl", "Y"],
        ],
        command: "redo",
      },
      { action: "Copy", combos: [["Mod", "C"]] },
      { action: "Paste", combos: [["Mod", "V"]] },
      { action: "Duplicate", combos: [["Mod", "D"]], command: "duplicate" },
      { action: "Delete the selection", combos: [["Delete"], ["Backspace"]] },
      { action: "Lay the journey out top-down", combos: [], button: "Tidy up" },
      { action: "Save the draft", combos: [["Mod", "S"]] },
    ],
  },
  {
    title: "Selecting and moving",
    shortcuts: [
      {
        action: "Add a step to the selection",
        combos: [
          ["Shift", "click"],
          ["Mod", "click"],
        ],
      },
      { action: "Select steps inside a box", combos: [["Shift", "drag"]] },
      { action: "Select or unselect the focused step", combos: [["Enter"], ["Space"], ["Escape"]] },
      { action: "Move the selected steps", combos: [["Arrow keys"]] },
      { action: "Move them further", combos: [["Shift", "Arrow keys"]] },
    ],
  },
  {
    title: "Getting around",
    shortcuts: [
      { action: "Next / previous step, control or field", combos: [["Tab"], ["Shift", "Tab"]] },
      { action: "Add the focused palette step", combos: [["Enter"]] },
      { action: "Show these shortcuts", combos: [["?"]] },
      { action: "Close this sheet or a menu", combos: [["Escape"]] },
    ],
  },
];

const MODIFIERS = new Set(["Mod", "Ctrl", "Shift"]);

/** The parts of a key press a shortcut reads. */
export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

/** Whether `event` presses exactly `combo` (Alt never; Shift only when the combo has it). */
function pressesCombo(event: KeyPress, combo: readonly string[]): boolean {
  const key = combo.at(-1);
  if (key === undefined || MODIFIERS.has(key) || event.altKey) return false;
  if (event.key.toLowerCase() !== key.toLowerCase()) return false;
  if (event.shiftKey !== combo.includes("Shift")) return false;
  if (combo.includes("Ctrl")) return event.ctrlKey;
  if (combo.includes("Mod")) return event.ctrlKey || event.metaKey;
  return !event.ctrlKey && !event.metaKey;
}

/** The editing command `event` presses, as the list above declares it, or null. */
export function matchEditCommand(event: KeyPress): EditCommand | null {
  for (const group of CANVAS_SHORTCUT_GROUPS) {
    for (const shortcut of group.shortcuts) {
      if (shortcut.command && shortcut.combos.some((combo) => pressesCombo(event, combo))) return shortcut.command;
    }
  }
  return null;
}

/** "Mod" as this machine's key: ⌘ on Apple platforms, Ctrl elsewhere. */
export function keyLabel(key: string, isApple: boolean): string {
  return key === "Mod" ? (isApple ? "⌘" : "Ctrl") : key;
}

/** Inputs without text of their own: shortcuts pressed there still mean the canvas. */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"]);

/**
 * Whether keys pressed in `target` edit text, where Ctrl+Z, C, V and `?` keep their text
 * meaning rather than the canvas's.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA") return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}
