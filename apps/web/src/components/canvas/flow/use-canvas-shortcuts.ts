"use client";
// The canvas's editing shortcuts: undo/redo and duplicate, with the keys the shortcut list
// declares (shortcuts.ts, which the `?` sheet shows), and copy/paste through the system
// clipboard (the browser's copy and paste events, so no clipboard permission is asked).
// None fires while a person types in a field: there the keys keep their text meaning. On a
// read-only (archived) journey only copy is.
import { useEffect } from "react";
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { copySteps, parseClipboard } from "@/components/canvas/store/canvas-clipboard";
import { useCanvasStoreApi } from "@/components/canvas/store/use-canvas-store";
import { isTypingTarget, matchEditCommand } from "./shortcuts";

/**
 * Whether Ctrl+C should copy selected text rather than steps: only when text is selected and
 * the person is not working on the canvas (a step or the pane has focus).
 */
function isCopyingText(): boolean {
  if (document.activeElement?.closest(".react-flow")) return false;
  return (window.getSelection()?.toString() ?? "") !== "";
}

/**
 * Installs the shortcuts while the editor is open (only copy when `isReadOnly`); `onNotice`
 * hears what a paste did.
 */
export function useCanvasShortcuts(onNotice: (text: string) => void, isReadOnly: boolean): void {
  const store = useCanvasStoreApi();
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();

  useEffect(() => {
    const { actions } = store.getState();
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target)) return;
      const command = matchEditCommand(event);
      if (command === "undo") actions.undo();
      else if (command === "redo") actions.redo();
      else if (command === "duplicate") actions.duplicateSelection();
      else return;
      event.preventDefault();
    };

    const onCopy = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || isCopyingText() || !event.clipboardData) return;
      const { nodes, edges } = store.getState();
      const text = copySteps(nodes, edges);
      if (text === null) return;
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
    };

    const onPaste = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || !event.clipboardData) return;
      event.preventDefault();
      const steps = parseClipboard(event.clipboardData.getData("text/plain"));
      if (!steps) {
        onNotice("Nothing to paste: the clipboard holds no journey steps");
        return;
      }
      // Into the middle of what the person is looking at, then clear of every other step.
      const pane = flowStore.getState().domNode?.getBoundingClientRect();
      const at = pane
        ? reactFlow.screenToFlowPosition({ x: pane.left + pane.width / 3, y: pane.top + pane.height / 3 })
        : undefined;
      const pasted = actions.pasteSteps(steps, at);
      const skipped = steps.nodes.length - pasted.length;
      onNotice(
        pasted.length === 0
          ? "Not pasted: this journey already has a trigger"
          : `Pasted ${pasted.length} step${pasted.length === 1 ? "" : "s"}` +
              (skipped > 0 ? " (the trigger was left out: this journey already has one)" : ""),
      );
    };

    // Copying out of an archived journey is harmless; changing it is not.
    document.addEventListener("copy", onCopy);
    if (!isReadOnly) {
      window.addEventListener("keydown", onKeyDown);
      document.addEventListener("paste", onPaste);
    }
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, reactFlow, flowStore, onNotice, isReadOnly]);
}
