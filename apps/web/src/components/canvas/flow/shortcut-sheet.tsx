"use client";
// The shortcut sheet: `?` anywhere in the editor (outside a text field), or the canvas's "?"
// button, opens a modal dialog listing every canvas shortcut (shortcuts.ts). A native
// <dialog>: focus moves into it, Escape closes it, and focus returns to where it was.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";
import { CANVAS_SHORTCUT_GROUPS, isTypingTarget, keyLabel } from "./shortcuts";
import styles from "./view-tools.module.css";

/** Returns the sheet and a function that opens it. */
export function useShortcutSheet(): { open: () => void; sheet: ReactNode } {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = useCallback(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      open();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [open]);
  return { open, sheet: <ShortcutSheet dialogRef={dialog} /> };
}

function ShortcutSheet({ dialogRef }: { dialogRef: RefObject<HTMLDialogElement | null> }) {
  const titleId = useId();
  // Known only in the browser; the server renders "Ctrl" and a Mac corrects it on mount.
  const [isApple, setIsApple] = useState(false);
  useEffect(() => setIsApple(/Mac|iPhone|iPad/.test(navigator.platform)), []);
  return (
    <dialog ref={dialogRef} className={styles.sheet} aria-labelledby={titleId}>
      <header className={styles.sheetHeader}>
        <h2 id={titleId} className={styles.sheetTitle}>
          Keyboard shortcuts
        </h2>
        <button
          type="button"
          className={styles.sheetClose}
          aria-label="Close keyboard shortcuts"
          onClick={() => dialogRef.current?.close()}
        >
          ×
        </button>
      </header>
      <div className={styles.sheetGroups}>
        {CANVAS_SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3 className={styles.sheetGroupTitle}>{group.title}</h3>
            <dl className={styles.sheetList}>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.action} className={styles.sheetRow}>
                  <dt>{shortcut.action}</dt>
                  <dd>
                    {shortcut.combos.map((combo, index) => (
                      <span key={combo.join("+")}>
                        {index > 0 && <span className={styles.sheetOr}> or </span>}
                        {combo.map((key, keyIndex) => (
                          <span key={key}>
                            {keyIndex > 0 && "+"}
                            <kbd>{keyLabel(key, isApple)}</kbd>
                          </span>
                        ))}
                      </span>
                    ))}
                    {shortcut.button && (
                      <span>
                        {shortcut.combos.length > 0 && <span className={styles.sheetOr}> or </span>}
                        the <strong>{shortcut.button}</strong> button
                      </span>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
