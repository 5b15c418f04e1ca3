// The error a save or publish throws when the graph does not parse, validate or compile: it
// carries the issue list so the tRPC error formatter can hand it to the editor (each issue
// names a node).
import type { ValidationIssue } from "@mailstream/journey/validate";
import { AppError, AppErrorCode } from "../errors/app-error";

export class GraphIssuesError extends AppError {
  readonly graphIssues: ValidationIssue[];

  constructor(issues: ValidationIssue[], verb = "published") {
    const first = issues[0]?.message ?? "unknown problem";
    const count = `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
    super(AppErrorCode.INVALID_INPUT, `The journey cannot be ${verb}: ${count} (first: ${first})`, {
      issues: issues.map((issue) => ({
        path: issue.nodeId ? `nodes.${issue.nodeId}` : "graph",
        message: issue.message,
      })),
    });
    this.name = "GraphIssuesError";
    this.graphIssues = issues;
  }
}
