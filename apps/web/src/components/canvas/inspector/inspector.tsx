"use client";
// The right-hand panel: configures the selected node through its kind's form (kinds/<kind>.tsx).
import type { CSSProperties } from "react";
import { KindIcon } from "@/components/canvas/nodes/kind-icon";
import { canvasKindOf } from "@/components/canvas/kinds/registry";
import type { CanvasIssue } from "@/components/canvas/store/canvas-issues";
import { useCanvasActions, useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";
import { IssueList } from "@/components/canvas/problems/issue-list";

const NO_ISSUES: readonly CanvasIssue[] = [];

export function Inspector() {
  const node = useCanvasStore((s) => s.selectedNode);
  const issues = useCanvasStore((s) => (node ? (s.issuesByNode.get(node.id) ?? NO_ISSUES) : NO_ISSUES));
  const selectionCount = useCanvasStore((s) => s.selectionCount);
  const restores = useCanvasStore((s) => s.history.restores);
  const { updateNodeData, removeNode, sealHistory } = useCanvasActions();
  if (!node && selectionCount > 1) {
    return (
      <section className={`${jc.inspector} ${jc.inspectorEmpty}`} aria-label="Inspector">
        <h2 className={jc.panelTitle}>{selectionCount} steps selected</h2>
        <p className={jc.muted}>
          <kbd>Delete</kbd> removes them, <kbd>Ctrl+D</kbd> duplicates them, <kbd>Ctrl+C</kbd> copies them (paste into
          this or another journey with <kbd>Ctrl+V</kbd>).
        </p>
      </section>
    );
  }
  if (!node) {
    return (
      <section className={`${jc.inspector} ${jc.inspectorEmpty}`} aria-label="Inspector">
        <h2 className={jc.panelTitle}>Inspector</h2>
        <p className={jc.muted}>Select a step on the canvas to configure it.</p>
      </section>
    );
  }
  const info = canvasKindOf(node.data);
  const { Form } = info;
  return (
    <section
      className={jc.inspector}
      aria-label={`${info.title} settings`}
      // The kind's colour differs per node: a custom property the stylesheet reads.
      style={{ "--kind-color": info.color } as CSSProperties}
      // Leaving a field ends its typing burst, so the next edit is an undo step of its own.
      onBlur={sealHistory}
    >
      <header className={jc.inspectorHeader}>
        <span className={jc.inspectorIcon}>
          <KindIcon kind={node.data.kind} />
        </span>
        <div>
          <h2 className={jc.inspectorTitle}>{info.title}</h2>
          <p className={`${jc.muted} ${jc.mono}`}>{node.id}</p>
        </div>
      </header>
      <IssueList issues={issues} />
      {/* Keyed by node (and undo/redo) so each form's typed-but-unsaved text resets when the
          selection changes or an undo puts other values back. */}
      <Form key={`${node.id}@${restores}`} data={node.data} onChange={(data) => updateNodeData(node.id, data)} />
      <footer className={jc.inspectorFooter}>
        <button type="button" className={`nodrag ${jc.button} ${jc.buttonDanger}`} onClick={() => removeNode(node.id)}>
          Delete step
        </button>
        <span className={`${jc.muted} ${jc.kbdHint}`}>
          or press <kbd>Delete</kbd>
        </span>
      </footer>
    </section>
  );
}
