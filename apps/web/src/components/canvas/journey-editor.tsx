"use client";
// The journey editor: palette, canvas, inspector, problems list and toolbar around one
// journey graph. Data comes in and goes out through props, so the page decides how
// journeys are loaded and stored (tRPC today).
import "@xyflow/react/dist/style.css";
import "./journey-editor.css";
import "./journey-editor-panels.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import {
  DEFAULT_JOURNEY_SETTINGS,
  type JourneyGraph,
  type JourneySettings,
  type NodeKind,
} from "@mailstream/journey/schema";
import { validateGraph } from "@mailstream/journey/validate";
import { CanvasContext, groupIssuesByNode, type CanvasContextValue, type CanvasIssue } from "@/components/canvas/store/canvas-context";
import { LifecycleButtons, type LifecycleAction } from "@/components/journeys/lifecycle-buttons";
import { EditorToolbar, type JourneyStatus } from "@/components/canvas/toolbar/editor-toolbar";
import { Inspector } from "@/components/canvas/inspector/inspector";
import type { StepNodeOption } from "@/components/canvas/inspector/fields/predicate-fields";
import { describeIssueOnNode } from "@/components/canvas/store/issue-text";
import { IssuesPanel } from "@/components/canvas/problems/issues-panel";
import { JourneySettingsPanel } from "@/components/canvas/settings/journey-settings-panel";
import { FIT_VIEW_OPTIONS, JourneyCanvas, NODE_SIZE } from "@/components/canvas/flow/journey-canvas";
import { getKindInfo, summarizeNode, type TemplateOption } from "@/components/canvas/nodes/node-kinds";
import { Palette } from "@/components/canvas/palette/palette";
import type { SegmentOption } from "@/components/canvas/inspector/fields/trigger-source-fields";
import { useJourneyFlow } from "@/components/canvas/store/use-journey-flow";
import { useLeaveGuard } from "@/components/canvas/toolbar/use-leave-guard";
import { useSavePublish, type PublishOutcome } from "@/components/canvas/toolbar/use-save-publish";

export type { PublishOutcome } from "@/components/canvas/toolbar/use-save-publish";

export interface EditorJourney {
  id: string;
  name: string;
  status: JourneyStatus;
  liveVersion: number | null;
  draft: JourneyGraph;
  /** The graph of the live version; null until first published. */
  liveGraph: JourneyGraph | null;
}

/** What the editor says after a lifecycle change. */
const LIFECYCLE_NOTICES: Record<LifecycleAction, string> = {
  pause: "Paused: contacts are held where they are and no one new enters",
  resume: "Resumed: held contacts continue and new events enter again",
  archive: "Archived: active runs ended and the journey takes no new contacts",
};

export interface JourneyEditorProps {
  journey: EditorJourney;
  /** Undefined while loading. */
  templates: readonly TemplateOption[] | undefined;
  /** The workspace's segments (segment triggers); undefined while loading. */
  segments: readonly SegmentOption[] | undefined;
  onSaveDraft: (graph: JourneyGraph) => Promise<void>;
  onPublish: (graph: JourneyGraph) => Promise<PublishOutcome>;
  /** Pauses, resumes or archives the journey; resolves with its new status, rejects with a readable error. */
  onLifecycle: (action: LifecycleAction) => Promise<JourneyStatus>;
}

export function JourneyEditor(props: JourneyEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

function EditorBody({ journey, templates, segments, onSaveDraft, onPublish, onLifecycle }: JourneyEditorProps) {
  const flow = useJourneyFlow(journey.draft);
  const { selectedNode } = flow;
  // Settings live beside the drawing; absent until first edited, so an old draft stays byte-equal.
  const [settings, setSettings] = useState<JourneySettings | undefined>(journey.draft.settings);
  const graph = useMemo<JourneyGraph>(
    () => (settings ? { ...flow.graph, settings } : flow.graph),
    [flow.graph, settings],
  );
  const [panel, setPanel] = useState<"inspector" | "settings">("inspector");
  // Picking a step on the canvas brings its inspector back.
  const selectedId = selectedNode?.id ?? null;
  useEffect(() => {
    if (selectedId !== null) setPanel("inspector");
  }, [selectedId]);
  const reactFlow = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const editor = useSavePublish({
    graph,
    initialStatus: journey.status,
    initialLiveVersion: journey.liveVersion,
    initialLiveGraph: journey.liveGraph,
    onSaveDraft,
    onPublish,
  });
  useLeaveGuard(editor.isDirty);

  const templatesById = useMemo(() => new Map((templates ?? []).map((t) => [t.id, t])), [templates]);
  const issues = useMemo(() => {
    // Until templates load, trust the ids the graph uses rather than flag them all missing.
    const templateIds = templates
      ? new Set(templatesById.keys())
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
    const fromServer = editor.rejectedIssues.filter((i) => !seen.has(`${i.nodeId ?? ""}|${i.code}|${i.message}`));
    const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
    return [...live, ...fromServer].map((issue) => ({
      ...issue,
      message: describeIssueOnNode(issue, issue.nodeId ? nodesById.get(issue.nodeId) : undefined),
    }));
  }, [graph, templates, templatesById, segments, editor.rejectedIssues]);

  const context = useMemo<CanvasContextValue>(
    () => ({ issuesByNode: groupIssuesByNode(issues), templates: templatesById }),
    [issues, templatesById],
  );
  const nodeLabels = useMemo(
    () =>
      new Map(
        graph.nodes.map((n) => [n.id, `${getKindInfo(n.data.kind).title} · ${summarizeNode(n.data, templatesById)}`]),
      ),
    [graph, templatesById],
  );
  // Branches can test engagement with an email sent earlier in the run, or read the event an
  // until-event wait matched; these name the candidates (validation checks which come earlier).
  const stepNodes = useMemo(
    () =>
      graph.nodes.flatMap((n): StepNodeOption[] => {
        const label = nodeLabels.get(n.id) ?? n.id;
        if (n.data.kind === "email") return [{ id: n.id, label, kind: "email" }];
        if (n.data.kind === "wait" && n.data.mode === "until_event") return [{ id: n.id, label, kind: "until_event" }];
        return [];
      }),
    [graph, nodeLabels],
  );

  const entryKey = useMemo(() => {
    const trigger = graph.nodes.find((n) => n.data.kind === "trigger")?.data;
    return trigger?.kind === "trigger" ? trigger.entry?.entryKey : undefined;
  }, [graph]);

  const { save } = editor;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);

  const revealNode = useCallback(
    (nodeId: string) => {
      const node = reactFlow.getNode(nodeId);
      if (!node) return;
      const measured = {
        width: node.measured?.width ?? NODE_SIZE.width,
        height: node.measured?.height ?? NODE_SIZE.height,
      };
      void reactFlow.setCenter(node.position.x + measured.width / 2, node.position.y + measured.height / 2, {
        zoom: Math.max(reactFlow.getZoom(), 0.8),
        duration: 250,
      });
    },
    [reactFlow],
  );

  const onSelectIssueNode = (nodeId: string) => {
    flow.selectNode(nodeId);
    revealNode(nodeId);
  };

  const viewportCenter = () => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return { x: 0, y: 0 };
    const point = reactFlow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 3 });
    return { x: point.x - NODE_SIZE.width / 2, y: point.y - NODE_SIZE.height / 2 };
  };

  const isNodeInView = (nodeId: string) => {
    const node = reactFlow.getNode(nodeId);
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!node || !rect) return true;
    const topLeft = reactFlow.flowToScreenPosition(node.position);
    const bottomRight = reactFlow.flowToScreenPosition({
      x: node.position.x + (node.measured?.width ?? NODE_SIZE.width),
      y: node.position.y + (node.measured?.height ?? NODE_SIZE.height),
    });
    return (
      topLeft.x >= rect.left && topLeft.y >= rect.top && bottomRight.x <= rect.right && bottomRight.y <= rect.bottom
    );
  };

  const onPaletteAdd = (kind: NodeKind) => {
    const id = flow.addNodeAfterSelection(kind, viewportCenter());
    // The node exists after React commits; pan to it then if a long chain ran off screen.
    requestAnimationFrame(() => {
      if (!isNodeInView(id)) void reactFlow.fitView({ ...FIT_VIEW_OPTIONS, duration: 250 });
    });
  };

  const selectedIssues = selectedNode ? (context.issuesByNode.get(selectedNode.id) ?? []) : [];
  const journeyIssues = issues.filter((issue) => !issue.nodeId);
  const toggleSettings = () => {
    if (panel === "settings") return setPanel("inspector");
    flow.selectNode(null);
    setPanel("settings");
  };

  return (
    <CanvasContext.Provider value={context}>
      <div className="jc-editor">
        <EditorToolbar
          name={journey.name}
          status={editor.status}
          liveVersion={editor.liveVersion}
          metricsHref={`/journeys/${journey.id}/metrics`}
          runsHref={`/journeys/${journey.id}/runs`}
          lifecycle={
            <LifecycleButtons
              status={editor.status}
              buttonClass="jc-button jc-button--ghost"
              dangerClass="jc-button--danger"
              onAction={async (action) => editor.applyStatus(await onLifecycle(action), LIFECYCLE_NOTICES[action])}
            />
          }
          isDirty={editor.isDirty}
          isLiveCurrent={editor.isLiveCurrent}
          isSaving={editor.isSaving}
          isPublishing={editor.isPublishing}
          issueCount={issues.length}
          isSettingsOpen={panel === "settings"}
          onToggleSettings={toggleSettings}
          notice={editor.notice}
          onSave={() => void editor.save()}
          onPublish={() => void editor.publish()}
          onDismissNotice={editor.dismissNotice}
        />
        <div className="jc-editor__body">
          <Palette onAdd={onPaletteAdd} />
          <div className="jc-editor__canvas" ref={canvasRef}>
            <JourneyCanvas flowProps={flow.flowProps} onDropKind={flow.addNodeAt} />
          </div>
          <div className="jc-sidebar">
            {panel === "settings" ? (
              <JourneySettingsPanel
                settings={settings ?? DEFAULT_JOURNEY_SETTINGS}
                issues={journeyIssues}
                onChange={setSettings}
                onClose={() => setPanel("inspector")}
              />
            ) : (
              <Inspector
                node={selectedNode}
                stepNodes={stepNodes}
                entryKey={entryKey}
                segments={segments}
                issues={selectedIssues}
                templates={templates ?? []}
                isLoadingTemplates={templates === undefined}
                onChange={flow.updateNodeData}
                onDelete={flow.removeNode}
              />
            )}
            <IssuesPanel
              issues={issues}
              nodeLabels={nodeLabels}
              onSelectNode={onSelectIssueNode}
              onSelectJourney={() => {
                flow.selectNode(null);
                setPanel("settings");
              }}
            />
          </div>
        </div>
      </div>
    </CanvasContext.Provider>
  );
}
