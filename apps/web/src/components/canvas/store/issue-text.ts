// Wording of validation issues where the node is already obvious: `validateGraph` names
// the node in every message (`Email node "email-2" has no template`), which reads well in
// a list but repeats itself on the node or in its inspector.
import { NODE_KIND_LABELS, type JourneyNode } from "@mailstream/journey/schema";

/** A graph problem as the canvas shows it: on its node when it names one, else in Problems. */
export interface CanvasIssue {
  nodeId?: string | null;
  code: string;
  message: string;
}

export function describeIssueOnNode(issue: CanvasIssue, node: Pick<JourneyNode, "id" | "data"> | undefined): string {
  if (!node) return issue.message;
  const prefix = `${NODE_KIND_LABELS[node.data.kind]} node "${node.id}"`;
  if (!issue.message.startsWith(prefix)) return issue.message;
  const rest = issue.message.slice(prefix.length).replace(/^[\s:]+/, "");
  return rest === "" ? issue.message : rest.charAt(0).toUpperCase() + rest.slice(1);
}
