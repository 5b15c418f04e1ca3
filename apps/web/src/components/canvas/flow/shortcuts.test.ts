import { describe, expect, it } from "vitest";
import { CANVAS_SHORTCUT_GROUPS, matchEditCommand, type KeyPress } from "./shortcuts";

const press = (key: string, mods: Partial<Omit<KeyPress, "key">> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("the canvas shortcut list", () => {
  it("answers the editing keys it lists, on Ctrl and on ⌘", () => {
    expect(matchEditCommand(press("z", { ctrlKey: true }))).toBe("undo");
    expect(matchEditCommand(press("z", { metaKey: true }))).toBe("undo");
    expect(matchEditCommand(press("Z", { metaKey: true, shiftKey: true }))).toBe("redo");
    expect(matchEditCommand(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(matchEditCommand(press("y", { ctrlKey: true }))).toBe("redo");
    expect(matchEditCommand(press("d", { ctrlKey: true }))).toBe("duplicate");
    expect(matchEditCommand(press("D", { metaKey: true }))).toBe("duplicate");
  });

  it("answers nothing else", () => {
    expect(matchEditCommand(press("z"))).toBeNull();
    expect(matchEditCommand(press("z", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(matchEditCommand(press("D", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(matchEditCommand(press("y", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(matchEditCommand(press("c", { ctrlKey: true }))).toBeNull();
    expect(matchEditCommand(press("?", { shiftKey: true }))).toBeNull();
  });

  it("names every action once and gives each a key or a button", () => {
    const shortcuts = CANVAS_SHORTCUT_GROUPS.flatMap((group) => group.shortcuts);
    const actions = shortcuts.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const shortcut of shortcuts) expect(shortcut.combos.length > 0 || shortcut.button !== undefined).toBe(true);
    expect(shortcuts.filter((s) => s.command).map((s) => s.command)).toEqual(["undo", "redo", "duplicate"]);
  });
});
