"use client";
// The right-hand panel: configures the selected node through its kind's form.
import type { CSSProperties } from "react";
import type { JourneyNode, NodeData } from "@mailstream/journey/schema";
import type { CanvasIssue } from "@/components/canvas/store/canvas-context";
import { BranchForm } from "./branch-form";
import { EmailForm } from "./email-form";
import { KindIcon } from "@/components/canvas/nodes/kind-icon";
import { getKindInfo, type TemplateOption } from "@/components/canvas/nodes/node-kinds";
import { TriggerForm } from "./trigger-form";
import type { SegmentOption } from "@/components/canvas/inspector/fields/trigger-source-fields";
import { SplitForm } from "./split-form";
import { UpdateContactForm } from "./update-contact-form";
import { WaitForm } from "./wait-form";
import { WebhookForm } from "./webhook-form";

import type { StepNodeOption } from "@/components/canvas/inspector/fields/predicate-fields";

interface InspectorProps {
  node: JourneyNode | null;
  stepNodes: readonly StepNodeOption[];
  /** The trigger's entry key path, if it has one (until-event waits may match on it). */
  entryKey: string | undefined;
  segments: readonly SegmentOption[] | undefined;
  issues: readonly CanvasIssue[];
  templates: readonly TemplateOption[];
  isLoadingTemplates: boolean;
  onChange: (id: string, data: NodeData) => void;
  onDelete: (id: string) => void;
}

export function Inspector({
  node,
  stepNodes,
  entryKey,
  segments,
  issues,
  templates,
  isLoadingTemplates,
  onChange,
  onDelete,
}: InspectorProps) {
  if (!node) {
    return (
      <section className="jc-inspector jc-inspector--empty" aria-label="Inspector">
        <h2 className="jc-panel-title">Inspector</h2>
        <p className="jc-muted">Select a step on the canvas to configure it.</p>
      </section>
    );
  }
  const info = getKindInfo(node.data.kind);
  return (
    <section
      className="jc-inspector"
      aria-label={`${info.title} settings`}
      style={{ "--kind-color": info.color } as CSSProperties}
    >
      <header className="jc-inspector__header">
        <span className="jc-inspector__icon">
          <KindIcon kind={node.data.kind} />
        </span>
        <div>
          <h2 className="jc-inspector__title">{info.title}</h2>
          <p className="jc-muted jc-mono">{node.id}</p>
        </div>
      </header>
      {issues.length > 0 && (
        <ul className="jc-inspector__issues">
          {issues.map((issue) => (
            <li key={`${issue.code}:${issue.message}`}>{issue.message}</li>
          ))}
        </ul>
      )}
      {/* Keyed by node so each form's typed-but-unsaved text resets when the selection changes. */}
      <NodeForm
        key={node.id}
        node={node}
        stepNodes={stepNodes}
        entryKey={entryKey}
        segments={segments}
        templates={templates}
        isLoadingTemplates={isLoadingTemplates}
        onChange={(data) => onChange(node.id, data)}
      />
      <footer className="jc-inspector__footer">
        <button type="button" className="nodrag jc-button jc-button--danger" onClick={() => onDelete(node.id)}>
          Delete step
        </button>
        <span className="jc-muted jc-kbd-hint">
          or press <kbd>Delete</kbd>
        </span>
      </footer>
    </section>
  );
}

interface NodeFormProps {
  node: JourneyNode;
  stepNodes: readonly StepNodeOption[];
  entryKey: string | undefined;
  segments: readonly SegmentOption[] | undefined;
  templates: readonly TemplateOption[];
  isLoadingTemplates: boolean;
  onChange: (data: NodeData) => void;
}

function NodeForm({ node, stepNodes, entryKey, segments, templates, isLoadingTemplates, onChange }: NodeFormProps) {
  const { data } = node;
  switch (data.kind) {
    case "trigger":
      return <TriggerForm data={data} segments={segments} onChange={onChange} />;
    case "wait":
      return <WaitForm data={data} entryKey={entryKey} onChange={onChange} />;
    case "email":
      return (
        <EmailForm data={data} templates={templates} isLoadingTemplates={isLoadingTemplates} onChange={onChange} />
      );
    case "branch":
      return <BranchForm data={data} stepNodes={stepNodes} onChange={onChange} />;
    case "split":
      return <SplitForm data={data} onChange={onChange} />;
    case "webhook":
      return <WebhookForm data={data} onChange={onChange} />;
    case "update_contact":
      return <UpdateContactForm data={data} onChange={onChange} />;
    case "exit":
      return <p className="jc-muted">Contacts who reach this step leave the journey. Nothing to configure.</p>;
  }
}
