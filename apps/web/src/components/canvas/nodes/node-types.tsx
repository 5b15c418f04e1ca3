"use client";
// The canvas card every node kind is drawn with, filled from the kind's canvas definition
// (title, colour, icon, summary, outlets, detail lines). `nodeTypes` is built once at module
// scope (React Flow remounts every node when it gets a new object) from the kinds registry.
import { memo, type CSSProperties, type ReactNode } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { NodeData } from "@mailstream/journey/schema";
import type { Outlet } from "@/components/canvas/kinds/canvas-kind";
import { canvasKindOf, getOutlets, nodeTypesOf, summarizeNode } from "@/components/canvas/kinds/registry";
import type { CanvasIssue } from "@/components/canvas/store/canvas-issues";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import type { JourneyFlowNode } from "@/components/canvas/store/canvas-state";
import { KindIcon } from "./kind-icon";
import jc from "@/components/canvas/journey-editor.module.css";

/** Room per named outlet, so a branch with many cases grows wide enough to keep its labels apart. */
const OUTLET_MIN_SPACING = 84;

const NO_ISSUES: readonly CanvasIssue[] = [];

interface NodeCardProps {
  id: string;
  data: NodeData;
  summary: string;
  selected: boolean;
  /** A short tag above the title, e.g. "Start". */
  tag?: string;
  children?: ReactNode;
}

function NodeCard({ id, data, summary, selected, tag, children }: NodeCardProps) {
  const kind = data.kind;
  const info = canvasKindOf(data);
  const outlets = getOutlets(data);
  const isMultiOutlet = outlets.some((o) => o.id !== null);
  const issues = useCanvasStore((s) => s.issuesByNode.get(id) ?? NO_ISSUES);
  const hasIssues = issues.length > 0;
  const className = [
    jc.node,
    selected ? jc.isSelected : "",
    isMultiOutlet ? jc.hasOutlets : "",
    hasIssues ? jc.hasIssues : "",
  ].join(" ");
  return (
    <div
      className={className}
      // Custom properties, set inline because they differ per node: the kind's colour and a
      // width that grows with the outlet count (journey-editor.module.css reads both).
      style={
        {
          "--kind-color": info.color,
          "--node-width": `${Math.max(info.width, outlets.length * OUTLET_MIN_SPACING)}px`,
        } as CSSProperties
      }
      data-testid={`node-${kind}`}
      data-kind={kind}
      aria-invalid={hasIssues}
    >
      {info.hasTarget && <Handle type="target" position={Position.Top} className={jc.handle} />}
      <span className={jc.nodeIcon}>
        <KindIcon kind={kind} size={18} />
      </span>
      <span className={jc.nodeText}>
        <span className={jc.nodeTitle}>
          {info.title}
          {tag && <span className={jc.nodeTag}>{tag}</span>}
        </span>
        <span className={jc.nodeSummary} title={summary}>
          {summary}
        </span>
        {children}
      </span>
      {hasIssues && (
        <>
          <span className={jc.nodeBadge} aria-label={`${issues.length} problem${issues.length === 1 ? "" : "s"}`}>
            {issues.length}
          </span>
          <span className={jc.nodeIssues} role="tooltip">
            {issues.map((issue) => (
              <span key={`${issue.code}:${issue.message}`}>{issue.message}</span>
            ))}
          </span>
        </>
      )}
      {isMultiOutlet ? (
        <OutletHandles outlets={outlets} />
      ) : (
        outlets.length > 0 && <Handle type="source" position={Position.Bottom} className={jc.handle} />
      )}
    </div>
  );
}

/**
 * Named outlets spread evenly along the bottom edge, each labelled on the card so a
 * person can tell "yes" from "no" before drawing the edge. Handle ids are the outlet ids.
 */
function OutletHandles({ outlets }: { outlets: readonly Outlet[] }) {
  return (
    <span>
      {outlets.map((outlet, index) => {
        // Each outlet's place along the bottom edge, as a custom property (it differs per outlet).
        const position = { "--outlet-left": `${((index + 1) / (outlets.length + 1)) * 100}%` } as CSSProperties;
        return (
          <span key={outlet.id ?? ""}>
            <span className={jc.nodeOutletLabel} style={position} data-outlet={outlet.id ?? ""}>
              {outlet.label}
            </span>
            <Handle
              type="source"
              position={Position.Bottom}
              id={outlet.id ?? undefined}
              className={`${jc.handle} ${jc.handleOutlet}`}
              style={position}
              aria-label={`${outlet.label} outlet`}
            />
          </span>
        );
      })}
    </span>
  );
}

/** Every kind's node: the kind's card, its summary, and its detail lines if it has any. */
export const KindNode = memo(function KindNode({ id, data, selected }: NodeProps<JourneyFlowNode>) {
  const templates = useCanvasStore((s) => s.templatesById);
  const { tag, Detail } = canvasKindOf(data);
  return (
    <NodeCard id={id} data={data} tag={tag} summary={summarizeNode(data, templates)} selected={selected}>
      {Detail && <Detail data={data} templates={templates} />}
    </NodeCard>
  );
});

export const nodeTypes = nodeTypesOf(KindNode);
