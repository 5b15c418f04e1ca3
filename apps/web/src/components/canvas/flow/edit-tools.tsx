"use client";
// The editing tools floating over the canvas's top-left corner: undo, redo, duplicate and
// "Tidy up" (an on-demand auto-layout), plus a line saying what the last paste did. Also
// installs the editing shortcuts, which these buttons mirror. An archived (read-only) journey
// shows them disabled and its shortcuts change nothing. The view tools (Export, `?`) are
// top-right: view-tools.tsx.
import { useCallback, useEffect, useState } from "react";
import { Panel, useReactFlow } from "@xyflow/react";
import { useIsCanvasReadOnly } from "@/components/canvas/read-only";
import { useCanvasActions, useCanvasStore, useCanvasStoreApi } from "@/components/canvas/store/use-canvas-store";
import { FIT_VIEW_OPTIONS } from "./canvas-view";
import { useCanvasShortcuts } from "./use-canvas-shortcuts";
import jc from "@/components/canvas/journey-editor.module.css";

const NOTICE_MS = 4000;
const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function EditTools() {
  const store = useCanvasStoreApi();
  const isReadOnly = useIsCanvasReadOnly();
  const reactFlow = useReactFlow();
  const { undo, redo, duplicateSelection, applyLayout } = useCanvasActions();
  const canUndo = useCanvasStore((s) => s.history.past.length > 0);
  const canRedo = useCanvasStore((s) => s.history.future.length > 0);
  const hasSelection = useCanvasStore((s) => s.selectionCount > 0);
  const isEmpty = useCanvasStore((s) => s.nodes.length === 0);
  const [isTidying, setTidying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useCanvasShortcuts(setNotice, isReadOnly);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const tidyUp = useCallback(async () => {
    setTidying(true);
    try {
      // ELK is large: loaded the first time someone asks for a layout, not with the editor.
      const { layoutDrawing } = await import("@/components/canvas/store/auto-layout");
      const { nodes, edges } = store.getState();
      applyLayout(await layoutDrawing(nodes, edges));
      requestAnimationFrame(() => void reactFlow.fitView({ ...FIT_VIEW_OPTIONS, duration: 250 }));
    } catch {
      setNotice("Tidy up failed; the drawing was left as it was");
    } finally {
      setTidying(false);
    }
  }, [store, applyLayout, reactFlow]);

  const mod = isMac() ? "⌘" : "Ctrl+";
  return (
    <Panel position="top-left" className={jc.editTools} role="group" aria-label="Editing tools">
      <button
        type="button"
        className={jc.button}
        onClick={undo}
        disabled={isReadOnly || !canUndo}
        title={`Undo (${mod}Z)`}
      >
        Undo
      </button>
      <button
        type="button"
        className={jc.button}
        onClick={redo}
        disabled={isReadOnly || !canRedo}
        title={`Redo (${mod}Shift+Z)`}
      >
        Redo
      </button>
      <button
        type="button"
        className={jc.button}
        onClick={() => duplicateSelection()}
        disabled={isReadOnly || !hasSelection}
        title={`Duplicate the selected steps (${mod}D)`}
      >
        Duplicate
      </button>
      <button
        type="button"
        className={jc.button}
        onClick={() => void tidyUp()}
        disabled={isReadOnly || isEmpty || isTidying}
        title="Lay the journey out top-down (undo puts it back)"
      >
        {isTidying ? "Tidying…" : "Tidy up"}
      </button>
      <span className={jc.canvasNotice} role="status">
        {notice}
      </span>
    </Panel>
  );
}
