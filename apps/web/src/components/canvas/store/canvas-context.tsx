"use client";
// What node components read besides their own data: validation issues per node and the
// workspace's templates (for summaries). Kept out of node data so the journey graph
// stays exactly what the schema describes.
import { createContext, useContext } from "react";
import type { TemplateOption } from "@/components/canvas/nodes/node-kinds";

/** A validation problem; structurally the output of `validateGraph` and of a rejected publish. */
export interface CanvasIssue {
  nodeId?: string | null;
  code: string;
  message: string;
}

export interface CanvasContextValue {
  issuesByNode: ReadonlyMap<string, readonly CanvasIssue[]>;
  templates: ReadonlyMap<string, TemplateOption>;
}

const EMPTY: CanvasContextValue = { issuesByNode: new Map(), templates: new Map() };

export const CanvasContext = createContext<CanvasContextValue>(EMPTY);

export function useCanvasContext(): CanvasContextValue {
  return useContext(CanvasContext);
}

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
