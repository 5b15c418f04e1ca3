"use client";
// The canvas look of each node kind. `nodeTypes` is built once at module scope (React
// Flow remounts every node when it gets a new object) and typed against the schema's
// kinds, so a new kind cannot be drawn without a component.
import { memo, type CSSProperties, type ReactNode } from "react";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { NodeKind } from "@mailstream/journey/schema";
import { useCanvasContext } from "./canvas-context";
import { KindIcon } from "./kind-icon";
import { getKindInfo, summarizeNode, type NodeDataOf } from "./node-kinds";

type KindNodeProps<K extends NodeKind> = NodeProps<Node<NodeDataOf<K>, K>>;

interface NodeCardProps {
  id: string;
  kind: NodeKind;
  summary: string;
  selected: boolean;
  /** A short tag above the title, e.g. "Start". */
  tag?: string;
  children?: ReactNode;
}

function NodeCard({ id, kind, summary, selected, tag, children }: NodeCardProps) {
  const info = getKindInfo(kind);
  const issues = useCanvasContext().issuesByNode.get(id) ?? [];
  const hasIssues = issues.length > 0;
  const className = [
    "jc-node",
    `jc-node--${kind}`,
    selected ? "is-selected" : "",
    hasIssues ? "has-issues" : "",
  ].join(" ");
  return (
    <div
      className={className}
      style={{ "--kind-color": info.color, width: info.width } as CSSProperties}
      data-testid={`node-${kind}`}
      aria-invalid={hasIssues}
    >
      {info.hasTarget && <Handle type="target" position={Position.Top} className="jc-handle" />}
      <span className="jc-node__icon">
        <KindIcon kind={kind} size={18} />
      </span>
      <span className="jc-node__text">
        <span className="jc-node__title">
          {info.title}
          {tag && <span className="jc-node__tag">{tag}</span>}
        </span>
        <span className="jc-node__summary" title={summary}>
          {summary}
        </span>
        {children}
      </span>
      {hasIssues && (
        <>
          <span className="jc-node__badge" aria-label={`${issues.length} problem${issues.length === 1 ? "" : "s"}`}>
            {issues.length}
          </span>
          <span className="jc-node__issues" role="tooltip">
            {issues.map((issue) => (
              <span key={`${issue.code}:${issue.message}`}>{issue.message}</span>
            ))}
          </span>
        </>
      )}
      {info.hasSource && <Handle type="source" position={Position.Bottom} className="jc-handle" />}
    </div>
  );
}

const TriggerNode = memo(function TriggerNode({ id, data, selected }: KindNodeProps<"trigger">) {
  const { templates } = useCanvasContext();
  return <NodeCard id={id} kind="trigger" tag="Start" summary={summarizeNode(data, templates)} selected={selected} />;
});

const WaitNode = memo(function WaitNode({ id, data, selected }: KindNodeProps<"wait">) {
  const { templates } = useCanvasContext();
  return <NodeCard id={id} kind="wait" summary={summarizeNode(data, templates)} selected={selected} />;
});

const EmailNode = memo(function EmailNode({ id, data, selected }: KindNodeProps<"email">) {
  const { templates } = useCanvasContext();
  const subject = data.templateId ? templates.get(data.templateId)?.subject : undefined;
  return (
    <NodeCard id={id} kind="email" summary={summarizeNode(data, templates)} selected={selected}>
      {subject && (
        <span className="jc-node__detail" title={subject}>
          Subject: {subject}
        </span>
      )}
    </NodeCard>
  );
});

const ExitNode = memo(function ExitNode({ id, data, selected }: KindNodeProps<"exit">) {
  const { templates } = useCanvasContext();
  return <NodeCard id={id} kind="exit" summary={summarizeNode(data, templates)} selected={selected} />;
});

export const nodeTypes = {
  trigger: TriggerNode,
  wait: WaitNode,
  email: EmailNode,
  exit: ExitNode,
} satisfies { [K in NodeKind]: unknown };
