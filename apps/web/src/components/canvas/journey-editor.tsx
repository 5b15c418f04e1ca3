"use client";
// The journey editor: palette, canvas, inspector, problems list and toolbar around one
// journey graph. Data comes in and goes out through props, so the page decides how
// journeys are loaded and stored (tRPC today). A journey with a live version also has a Live
// view: the live version with its counts, a click on a step opening its drill-down.
import "@xyflow/react/dist/style.css";
import { useEffect, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { LifecycleButtons, type LifecycleAction } from "@/components/journeys/lifecycle-buttons";
import { JourneyCanvas } from "./flow/journey-canvas";
import { Inspector } from "./inspector/inspector";
import type { SegmentOption } from "./store/canvas-state";
import type { TemplateOption } from "./kinds/canvas-kind";
import { Palette } from "./palette/palette";
import { CanvasReadOnlyContext } from "./read-only";
import { IssuesPanel } from "./problems/issues-panel";
import { JourneySettingsPanel } from "./settings/journey-settings-panel";
import { CanvasStoreProvider } from "./store/canvas-store-provider";
import { TestRunPanel, type TestRunRequest } from "./test-run/test-run-panel";
import type { TestRunTimeline } from "@mailstream/journey/test-timeline";
import { useCanvasActions, useCanvasStore } from "./store/use-canvas-store";
import { LiveDrilldownPanel, LiveJourneyCanvas, useLiveDrilldown } from "@/components/drilldown/live-journey-view";
import { useCan } from "@/components/shell/permissions";
import { EditorToolbar, type JourneyStatus } from "./toolbar/editor-toolbar";
import { useLeaveGuard } from "./toolbar/use-leave-guard";
import { useSavePublish, type PublishOutcome, type PublishProgress } from "./toolbar/use-save-publish";
import jc from "@/components/canvas/journey-editor.module.css";

export type { PublishOutcome, PublishProgress } from "./toolbar/use-save-publish";

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
  onPublish: (graph: JourneyGraph, progress: PublishProgress) => Promise<PublishOutcome>;
  /** Pauses, resumes or archives the journey; resolves with its new status, rejects with a readable error. */
  onLifecycle: (action: LifecycleAction) => Promise<JourneyStatus>;
  /** Runs a test of the saved draft or live version (the Test button); rejects with a readable problem. */
  onTestRun: (request: TestRunRequest) => Promise<TestRunTimeline>;
  /** The same, then the path's emails delivered to the signed-in person. */
  onSendTestPath: (request: TestRunRequest) => Promise<TestRunTimeline>;
}

export function JourneyEditor(props: JourneyEditorProps) {
  return (
    <ReactFlowProvider>
      <CanvasStoreProvider graph={props.journey.draft} templates={props.templates} segments={props.segments}>
        <EditorBody {...props} />
      </CanvasStoreProvider>
    </ReactFlowProvider>
  );
}

function EditorBody({
  journey,
  templates,
  segments,
  onSaveDraft,
  onPublish,
  onLifecycle,
  onTestRun,
  onSendTestPath,
}: JourneyEditorProps) {
  const [isTestOpen, setIsTestOpen] = useState(false);
  const [view, setView] = useState<"draft" | "live">("draft");
  const [testPath, setTestPath] = useState<ReadonlySet<string> | null>(null);
  const triggerEvent = useCanvasStore((s) => {
    const trigger = s.nodes.find((node) => node.type === "trigger")?.data as { event?: string } | undefined;
    return trigger?.event ?? "";
  });
  const { setCatalog } = useCanvasActions();
  // The page loads templates and segments after the journey; the store takes them as they come.
  useEffect(() => setCatalog({ templates, segments }), [setCatalog, templates, segments]);
  const panel = useCanvasStore((s) => s.panel);
  const editor = useSavePublish({
    initialStatus: journey.status,
    initialLiveVersion: journey.liveVersion,
    initialLiveGraph: journey.liveGraph,
    onSaveDraft,
    onPublish,
  });
  // An archived journey can never be published or saved again: shown as it is, unchangeable.
  const isReadOnly = editor.status === "archived";
  const isDirty = editor.isDirty && !isReadOnly;
  useLeaveGuard(isDirty);
  // The Live view needs a live graph and the right to see who is in the journey.
  const canSeeRuns = useCan("runs:read");
  const hasLiveView = canSeeRuns && editor.liveGraph !== null;
  const isLive = view === "live" && hasLiveView;
  const drilldown = useLiveDrilldown(editor.liveGraph, templates);

  const { save } = editor;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (!isReadOnly) void save();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save, isReadOnly]);

  return (
    <CanvasReadOnlyContext.Provider value={isReadOnly}>
      <div className={jc.editor}>
        <EditorToolbar
          name={journey.name}
          status={editor.status}
          liveVersion={editor.liveVersion}
          metricsHref={`/journeys/${journey.id}/metrics`}
          runsHref={`/journeys/${journey.id}/runs`}
          lifecycle={
            <LifecycleButtons
              status={editor.status}
              buttonClass={`${jc.button} ${jc.buttonGhost}`}
              dangerClass={jc.buttonDanger ?? ""}
              onAction={async (action) => editor.applyStatus(await onLifecycle(action), LIFECYCLE_NOTICES[action])}
            />
          }
          isDirty={isDirty}
          isLiveCurrent={editor.isLiveCurrent}
          isSaving={editor.isSaving}
          isPublishing={editor.isPublishing}
          notice={editor.notice}
          onSave={() => void editor.save()}
          onPublish={() => void editor.publish()}
          onDismissNotice={editor.dismissNotice}
          view={
            hasLiveView ? (
              <ViewSwitch
                view={isLive ? "live" : "draft"}
                onChange={(next) => {
                  setView(next);
                  setIsTestOpen(false);
                  setTestPath(null);
                }}
              />
            ) : null
          }
          test={
            <button
              type="button"
              className={`${jc.button} ${jc.buttonGhost}`}
              aria-pressed={isTestOpen}
              onClick={() => {
                setIsTestOpen(!isTestOpen);
                setTestPath(null);
                // The test path is drawn on the drawing being edited.
                setView("draft");
              }}
              title="Run the journey for a scripted contact with time skipped"
            >
              Test
            </button>
          }
        />
        {isLive && editor.liveGraph ? (
          <div className={`${jc.editorBody} ${jc.editorBodyLive}`}>
            <div className={jc.editorCanvas}>
              <LiveJourneyCanvas
                journeyId={journey.id}
                graph={editor.liveGraph}
                templates={templates}
                onStepClick={drilldown.open}
              />
            </div>
            <div className={jc.sidebar} role="region" aria-label="Who is at the step">
              <LiveDrilldownPanel journeyId={journey.id} drilldown={drilldown} />
            </div>
          </div>
        ) : (
          <div className={jc.editorBody}>
            <Palette />
            <div className={jc.editorCanvas}>
              <JourneyCanvas journeyName={journey.name} path={testPath} />
            </div>
            <div className={jc.sidebar}>
              {/* A disabled fieldset disables every control of the forms inside it at once. */}
              {isTestOpen ? (
                <TestRunPanel
                  hasLiveVersion={editor.liveVersion !== null}
                  triggerEvent={triggerEvent}
                  onRun={async (request) => {
                    // The draft is tested as saved: save the drawing on screen first.
                    if (request.source === "draft" && isDirty) await editor.save();
                    return onTestRun(request);
                  }}
                  onSendPath={onSendTestPath}
                  onPath={setTestPath}
                  onClose={() => setIsTestOpen(false)}
                />
              ) : (
                <fieldset className={jc.panelFieldset} disabled={isReadOnly}>
                  {panel === "settings" ? <JourneySettingsPanel /> : <Inspector />}
                </fieldset>
              )}
              <IssuesPanel />
            </div>
          </div>
        )}
      </div>
    </CanvasReadOnlyContext.Provider>
  );
}

/** Draft (edit the drawing) or Live (the live version, its counts and who is where). */
function ViewSwitch({ view, onChange }: { view: "draft" | "live"; onChange: (view: "draft" | "live") => void }) {
  return (
    <div className={jc.viewSwitch} role="group" aria-label="Canvas view">
      {(["draft", "live"] as const).map((option) => (
        <button
          key={option}
          type="button"
          className={`${jc.button} ${jc.buttonGhost}`}
          aria-pressed={view === option}
          onClick={() => onChange(option)}
          title={
            option === "live" ? "The live version with its counts; click a step to see who is there" : "Edit the draft"
          }
        >
          {option === "draft" ? "Draft" : "Live"}
        </button>
      ))}
    </div>
  );
}
