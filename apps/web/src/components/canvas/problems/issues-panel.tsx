"use client";
// Lists every validation problem; clicking one selects (and centres) the offending node,
// or opens the journey settings for a problem that belongs to no node.
import type { CanvasIssue } from "@/components/canvas/store/canvas-context";

interface IssuesPanelProps {
  issues: readonly CanvasIssue[];
  /** Node titles for the list, by node id. */
  nodeLabels: ReadonlyMap<string, string>;
  onSelectNode: (nodeId: string) => void;
  /** Journey-wide problems (goal, exit criteria, time zone…) open the journey settings. */
  onSelectJourney: () => void;
}

export function IssuesPanel({ issues, nodeLabels, onSelectNode, onSelectJourney }: IssuesPanelProps) {
  return (
    <section className="jc-issues" aria-label="Problems">
      <h2 className="jc-panel-title">
        Problems <span className={issues.length > 0 ? "jc-count jc-count--bad" : "jc-count"}>{issues.length}</span>
      </h2>
      {issues.length === 0 ? (
        <p className="jc-issues__ok">✓ Ready to publish</p>
      ) : (
        <ul className="jc-issues__list">
          {issues.map((issue, index) => {
            const nodeId = issue.nodeId ?? null;
            const label = nodeId ? (nodeLabels.get(nodeId) ?? nodeId) : "Journey";
            return (
              <li key={`${nodeId ?? ""}:${issue.code}:${index}`}>
                {nodeId ? (
                  <button type="button" className="jc-issues__item" onClick={() => onSelectNode(nodeId)}>
                    <span className="jc-issues__node">{label}</span>
                    <span>{issue.message}</span>
                  </button>
                ) : (
                  <button type="button" className="jc-issues__item" onClick={onSelectJourney}>
                    <span className="jc-issues__node">{label}</span>
                    <span>{issue.message}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
