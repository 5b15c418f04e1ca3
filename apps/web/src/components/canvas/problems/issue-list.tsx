// The problems of one node (inspector) or of the journey (settings panel), listed above its form.
import type { CanvasIssue } from "@/components/canvas/store/canvas-issues";
import jc from "@/components/canvas/journey-editor.module.css";

export function IssueList({ issues }: { issues: readonly CanvasIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className={jc.inspectorIssues}>
      {issues.map((issue) => (
        <li key={`${issue.code}:${issue.message}`}>{issue.message}</li>
      ))}
    </ul>
  );
}
