// The error a publish throws when the graph does not validate or compile: it carries the
// issue list so the tRPC error formatter can hand it to the editor (each issue names a node).
import type { ValidationIssue } from "@mailstream/journey/validate";

export class GraphIssuesError extends Error {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    const first = issues[0]?.message ?? "unknown problem";
    const count = `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
    super(`The journey cannot be published: ${count} (first: ${first})`);
    this.name = "GraphIssuesError";
    this.issues = issues;
  }
}
