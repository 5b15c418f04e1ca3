"use client";
// The Problems list: every validation problem; clicking one selects (and centres) the
// offending node, or opens the journey settings for a problem that belongs to no node.
import { useRevealNode } from "@/components/canvas/flow/use-canvas-viewport";
import { useCanvasActions, useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";
import styles from "./issues-panel.module.css";

export function IssuesPanel() {
  const issues = useCanvasStore((s) => s.issues);
  const nodeLabels = useCanvasStore((s) => s.nodeLabels);
  const { selectNode, showPanel } = useCanvasActions();
  const revealNode = useRevealNode();
  // Journey-wide problems (goal, exit criteria, time zone…) open the journey settings.
  const openSettings = () => {
    selectNode(null);
    showPanel("settings");
  };
  return (
    <section className={styles.issues} aria-label="Problems">
      <h2 className={jc.panelTitle}>
        Problems <span className={issues.length > 0 ? `${jc.count} ${jc.countBad}` : jc.count}>{issues.length}</span>
      </h2>
      {issues.length === 0 ? (
        <p className={styles.issuesOk}>✓ Ready to publish</p>
      ) : (
        <ul className={styles.issuesList}>
          {issues.map((issue, index) => {
            const nodeId = issue.nodeId ?? null;
            const label = nodeId ? (nodeLabels.get(nodeId) ?? nodeId) : "Journey";
            return (
              <li key={`${nodeId ?? ""}:${issue.code}:${index}`}>
                <button
                  type="button"
                  className={styles.issuesItem}
                  onClick={nodeId ? () => revealNode(nodeId) : openSettings}
                >
                  <span className={styles.issuesNode}>{label}</span>
                  <span>{issue.message}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
