"use client";
// The node palette: drag a kind onto the canvas (HTML5 drag and drop) or click it to add
// it below the selected node, wired in — the keyboard- and test-friendly path.
import { useEffect, useState, type CSSProperties, type DragEvent } from "react";
import type { NodeKind } from "@mailstream/journey/schema";
import { useAddFromPalette, useOutletQuestion } from "@/components/canvas/flow/use-canvas-viewport";
import type { Outlet } from "@/components/canvas/kinds/canvas-kind";
import { KindIcon } from "@/components/canvas/nodes/kind-icon";
import { addRefusal, getCanvasKind, PALETTE_KINDS } from "@/components/canvas/kinds/registry";
import { useIsCanvasReadOnly } from "@/components/canvas/read-only";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";
import u from "@/components/ui/utility.module.css";
import { OutletMenu } from "./outlet-menu";
import styles from "./palette.module.css";

/** The dataTransfer type carrying a dragged node kind; the canvas accepts only this. */
export const NODE_KIND_MIME = "application/x-mailstream-node-kind";

export function Palette() {
  const add = useAddFromPalette();
  const outletQuestion = useOutletQuestion();
  // A click on a kind while the selected step has several free outlets asks which one first.
  const [asking, setAsking] = useState<{ kind: NodeKind; outlets: Outlet[] } | null>(null);
  const selectedId = useCanvasStore((s) => s.selectedNode?.id);
  // The question is about one step: picking another drops it.
  useEffect(() => setAsking(null), [selectedId]);
  const onAdd = (kind: NodeKind) => {
    const outlets = outletQuestion(kind);
    if (outlets.length > 0) setAsking({ kind, outlets });
    else add(kind);
  };
  // The graph object changes only on real edits, not on every drag frame.
  const nodes = useCanvasStore((s) => s.graph.nodes);
  const isReadOnly = useIsCanvasReadOnly();
  const onDragStart = (event: DragEvent<HTMLButtonElement>, kind: NodeKind) => {
    event.dataTransfer.setData(NODE_KIND_MIME, kind);
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <aside className={styles.palette} aria-label="Steps">
      <h2 className={jc.panelTitle}>Steps</h2>
      <p className={`${jc.muted} ${styles.paletteHint}`}>
        Drag onto the canvas, or click to add after the selected step.
      </p>
      <ul className={styles.paletteList}>
        {PALETTE_KINDS.map((kind) => {
          const info = getCanvasKind(kind);
          // Said on the item itself, where a person looks for it, not only in a tooltip.
          const refusal = isReadOnly ? "Archived journeys are read-only" : addRefusal(kind, nodes);
          return (
            <li key={kind}>
              <button
                type="button"
                className={styles.paletteItem}
                disabled={refusal !== null}
                draggable={refusal === null}
                onDragStart={(event) => onDragStart(event, kind)}
                onClick={() => onAdd(kind)}
                data-testid={`palette-${kind}`}
                // The kind's colour differs per item: a custom property the stylesheet reads.
                style={{ "--kind-color": info.color } as CSSProperties}
              >
                <span className={jc.nodeIcon}>
                  <KindIcon kind={kind} />
                </span>
                <span className={styles.paletteText}>
                  {/* Named by its visible text (WCAG 2.5.3), with "Add … step" for screen readers. */}
                  <span className={styles.paletteTitle}>
                    <span className={u.srOnly}>Add </span>
                    {info.title}
                    <span className={u.srOnly}> step. </span>
                  </span>
                  <span className={styles.paletteDescription}>{refusal ?? info.description}</span>
                </span>
              </button>
              {asking?.kind === kind && (
                <OutletMenu
                  title={info.title}
                  outlets={asking.outlets}
                  onPick={(outlet) => {
                    setAsking(null);
                    add(kind, outlet);
                  }}
                  onCancel={() => setAsking(null)}
                />
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
