// Every keyboard shortcut of the canvas, listed once: the shortcut sheet (`?`) shows this
// list, so a new shortcut is added here and where it is handled. "Mod" is Ctrl, or ⌘ on a Mac.

export interface CanvasShortcut {
  /** What the keys do, as the sheet words it. */
  action: string;
  /** Alternative key combinations, each a list of keys pressed together. */
  combos: readonly (readonly string[])[];
}

export interface ShortcutGroup {
  title: string;
  shortcuts: readonly CanvasShortcut[];
}

export const CANVAS_SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: "Editing",
    shortcuts: [
      { action: "Undo", combos: [["Mod", "Z"]] },
      {
        action: "Redo",
        combos: [
          ["Shift", "Mod", "Z"],
          ["Ctrl", "Y"],
        ],
      },
      { action: "Copy", combos: [["Mod", "C"]] },
      { action: "Paste", combos: [["Mod", "V"]] },
      { action: "Duplicate", combos: [["Mod", "D"]] },
      { action: "Delete the selection", combos: [["Delete"], ["Backspace"]] },
      { action: "Save the draft", combos: [["Mod", "S"]] },
    ],
  },
  {
    title: "Selecting and moving",
    shortcuts: [
      { action: "Add a step to the selection", combos: [["Shift", "click"]] },
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

/** "Mod" as this machine's key: ⌘ on Apple platforms, Ctrl elsewhere. */
export function keyLabel(key: string, isApple: boolean): string {
  return key === "Mod" ? (isApple ? "⌘" : "Ctrl") : key;
}

/** Whether a key press comes from somewhere a person types (so `?` is text, not a shortcut). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
