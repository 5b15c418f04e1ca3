// Everything the canvas works out from a journey graph for display: validation issues
// (live and from a rejected publish), node labels, the steps rules may refer to, the entry
// key. Pure functions; the store calls them when their inputs change.
import type { JourneyGraph } from "@mailstream/journey/schema";
import { validateGraph } from "@mailstream/journey/validate";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import { getCanvasKind, summarizeNode } from "@/components/canvas/kinds/registry";
import type { SegmentOption, StepNodeOption } from "./canvas-state";
import { describeIssueOnNode, type CanvasIssue } from "./issue-text";

/** A validation problem; structurally the output of `validateGraph` and of a rejected publish. */
export type { CanvasIssue } from "./issue-text";

export function groupIssuesByNode(issues: readonly CanvasIssue[]): Map<string, CanvasIssue[]> {
  const grouped = new Map<string, CanvasIssue[]>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    const list = grouped.get(issue.nodeId) ?? [];
    list.push(issue);
    grouped.set(issue.nodeId, list);
  }
  return grouped;
}

/** Live validation plus a rejected publish's issues that validation did not repeat, worded for the canvas. */
export function collectIssues(
  graph: JourneyGraph,
  templates: readonly TemplateOption[] | undefined,
  segments: readonly SegmentOption[] | undefined,
  rejectedIssues: readonly CanvasIssue[],
): CanvasIssue[] {
  // Until templates load, trust the ids the graph uses rather than flag them all missing.
  const templateIds = templates
    ? new Set(templates.map((t) => t.id))
    : new Set(graph.nodes.flatMap((n) => (n.data.kind === "email" && n.data.templateId ? [n.data.templateId] : [])));
  // Likewise until segments load: trust the segment ids in use.
  const segmentIds = segments
    ? new Set(segments.map((s) => s.id))
    : new Set(graph.nodes.flatMap((n) => (n.data.kind === "trigger" && n.data.segmentId ? [n.data.segmentId] : [])));
  const live: CanvasIssue[] = validateGraph(graph, {
    templateIds,
    segmentIds,
    fallbackTimeZone: graph.settings?.timeZone,
  });
  const seen = new Set(live.map((i) => `${i.nodeId ?? ""}|${i.code}|${i.message}`));
  const fromServer = rejectedIssues.filter((i) => !seen.has(`${i.nodeId ?? ""}|${i.code}|${i.message}`));
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  return [...live, ...fromServer].map((issue) => ({
    ...issue,
    message: describeIssueOnNode(issue, issue.nodeId ? nodesById.get(issue.nodeId) : undefined),
  }));
}

/** "Kind · summary" per node id, for the Problems list and the step pickers. */
export function labelNodes(graph: JourneyGraph, templates: ReadonlyMap<string, TemplateOption>): Map<string, string> {
  return new Map(
    graph.nodes.map((n) => [n.id, `${getCanvasKind(n.data.kind).title} · ${summarizeNode(n.data, templates)}`]),
  );
}

/**
 * Branches can test engagement with an email sent earlier in the run, or read the event an
 * until-event wait matched; these name the candidates (validation checks which come earlier).
 */
export function listStepNodes(graph: JourneyGraph, nodeLabels: ReadonlyMap<string, string>): StepNodeOption[] {
  return graph.nodes.flatMap((n): StepNodeOption[] => {
    const label = nodeLabels.get(n.id) ?? n.id;
    if (n.data.kind === "email") return [{ id: n.id, label, kind: "email" }];
    if (n.data.kind === "wait" && n.data.mode === "until_event") return [{ id: n.id, label, kind: "until_event" }];
    return [];
  });
}

/** The trigger's entry key path, if it has one (until-event waits may match on it). */
export function findEntryKey(graph: JourneyGraph): string | undefined {
  const trigger = graph.nodes.find((n) => n.data.kind === "trigger")?.data;
  return trigger?.kind === "trigger" ? trigger.entry?.entryKey : undefined;
}
