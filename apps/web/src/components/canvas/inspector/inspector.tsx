"use client";
// The right-hand panel: configures the selected node through its kind's form.
import type { CSSProperties } from "react";
import type { JourneyNode, NodeData } from "@mailstream/journey/schema";
import { KindIcon } from "@/components/canvas/nodes/kind-icon";
import { getKindInfo } from "@/components/canvas/nodes/node-kinds";
import type { CanvasIssue } from "@/components/canvas/store/canvas-issues";
import { useCanvasActions, useCanvasStore } from "@/components/canvas/store/canvas-store-provider";
import { BranchForm } from "./branch-form";
import { EmailForm } from "./email-form";
import { SplitForm } from "./split-form";
import { TriggerForm } from "./trigger-form";
import { UpdateContactForm } from "./update-contact-form";
import { WaitForm } from "./wait-form";
import { WebhookForm } from "./webhook-form";
import jc from "@/components/canvas/journey-editor.module.css";
import { IssueList } from "@/components/canvas/problems/issue-list";

const NO_ISSUES: readonly CanvasIssue[] = [];

export function Inspector() {
  const node = useCanvasStore((s) => s.selectedNode);
  const issues = useCanvasStore((s) => (node ? (s.issuesByNode.get(node.id) ?? NO_ISSUES) : NO_ISSUES));
  const { updateNodeData, removeNode } = useCanvasActions();
  if (!node) {
    return (
      <section className={`${jc.inspector} ${jc.inspectorEmpty}`} aria-label="Inspector">
        <h2 className={jc.panelTitle}>Inspector</h2>
        <p className={jc.muted}>Select a step on the canvas to configure it.</p>
      </section>
    );
  }
  const info = getKindInfo(node.data.kind);
  return (
    <section
      className={jc.inspector}
      aria-label={`${info.title} settings`}
      // The kind's colour differs per node: a custom property the stylesheet reads.
      style={{ "--kind-color": info.color } as CSSProperties}
    >
      <header className={jc.inspectorHeader}>
        <span className={jc.inspectorIcon}>
          <KindIcon kind={node.data.kind} />
        </span>
        <div>
          <h2 className={jc.inspectorTitle}>{info.title}</h2>
          <p className={`${jc.muted} ${jc.mono}`}>{node.id}</p>
        </div>
      </header>
      <IssueList issues={issues} />
      {/* Keyed by node so each form's typed-but-unsaved text resets when the selection changes. */}
      <NodeForm key={node.id} node={node} onChange={(data) => updateNodeData(node.id, data)} />
      <footer className={jc.inspectorFooter}>
        <button type="button" className={`nodrag ${jc.button} ${jc.buttonDanger}`} onClick={() => removeNode(node.id)}>
          Delete step
        </button>
        <span className={`${jc.muted} ${jc.kbdHint}`}>
          or press <kbd>Delete</kbd>
        </span>
      </footer>
    </section>
  );
}

function NodeForm({ node, onChange }: { node: JourneyNode; onChange: (data: NodeData) => void }) {
  const { data } = node;
  switch (data.kind) {
    case "trigger":
      return <TriggerForm data={data} onChange={onChange} />;
    case "wait":
      return <WaitForm data={data} onChange={onChange} />;
    case "email":
      return <EmailForm data={data} onChange={onChange} />;
    case "branch":
      return <BranchForm data={data} onChange={onChange} />;
    case "split":
      return <SplitForm data={data} onChange={onChange} />;
    case "webhook":
      return <WebhookForm data={data} onChange={onChange} />;
    case "update_contact":
      return <UpdateContactForm data={data} onChange={onChange} />;
    case "exit":
      return <p className={jc.muted}>Contacts who reach this step leave the journey. Nothing to configure.</p>;
  }
}
