// The sender check of publishing: each email step's From (its template's, else the workspace
// default) must be a declared sender. Each undeclared one is a validation problem on its node,
// like the graph's own problems, so the editor marks the step.
import type { Db } from "@mailstream/db/client";
import { findTemplateFromAddresses, listWorkspaceSenders } from "@mailstream/db/queries/senders";
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { Plan } from "@mailstream/journey/plan";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { describeNode, type ValidationIssue } from "@mailstream/journey/validate";
import { isDeclaredSender, undeclaredSenderMessage } from "./senders";

export async function findUndeclaredSenders(
  db: Db,
  workspaceId: string,
  graph: JourneyGraph,
  plan: Plan,
): Promise<ValidationIssue[]> {
  const emailSteps = Object.entries(plan.steps).flatMap(([id, step]) =>
    step.kind === "email" ? [{ id, templateId: step.templateId }] : [],
  );
  if (emailSteps.length === 0) return [];
  const [fromByTemplate, settings, declared] = await Promise.all([
    findTemplateFromAddresses(db, workspaceId, [...new Set(emailSteps.map((step) => step.templateId))]),
    findWorkspaceSettings(db, workspaceId),
    listWorkspaceSenders(db, workspaceId),
  ]);
  const issues: ValidationIssue[] = [];
  for (const step of emailSteps) {
    // No From of the template's or the workspace's: the server default, which is the operator's.
    const from = fromByTemplate.get(step.templateId) ?? settings?.defaultFrom ?? null;
    if (from === null || isDeclaredSender(declared, from)) continue;
    const node = graph.nodes.find((candidate) => candidate.id === step.id);
    const name = node ? describeNode(node) : `Email node "${step.id}"`;
    issues.push({
      nodeId: step.id,
      code: "undeclared_sender",
      message: `${name} sends as ${undeclaredSenderMessage(from)}`,
    });
  }
  return issues;
}
