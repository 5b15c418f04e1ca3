"use client";
// Saving and publishing from the editor: what is unsaved, what is in flight, and the
// message to show afterwards. A rejected publish's issues go to the canvas store.
import { useCallback, useMemo, useState } from "react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { CanvasIssue } from "@/components/canvas/store/canvas-issues";
import { useCanvasActions, useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import { graphKey as keyOf } from "@/components/canvas/store/flow-adapter";
import type { EditorNotice, JourneyStatus } from "./editor-toolbar";

export type PublishOutcome =
  | { ok: true; version: number }
  | { ok: false; issues: CanvasIssue[] }
  /** The marketer closed the republish review: nothing was published (the draft is saved). */
  | { ok: false; cancelled: true };

export interface PublishProgress {
  onDraftSaved: () => void;
}

interface SavePublishOptions {
  initialStatus: JourneyStatus;
  initialLiveVersion: number | null;
  /** The graph of the live version, to tell whether the drawing differs from it. */
  initialLiveGraph: JourneyGraph | null;
  onSaveDraft: (graph: JourneyGraph) => Promise<void>;
  /**
   * Publishes `graph` (the server saves it as the draft either way). `onDraftSaved` is called as
   * soon as the draft is stored, so a review opened before publishing does not read "Unsaved changes".
   */
  onPublish: (graph: JourneyGraph, progress: PublishProgress) => Promise<PublishOutcome>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useSavePublish(options: SavePublishOptions) {
  const { onSaveDraft, onPublish } = options;
  const graph = useCanvasStore((s) => s.graph);
  const graphKey = useCanvasStore((s) => s.graphKey);
  const { setPublishRejection } = useCanvasActions();
  const [savedKey, setSavedKey] = useState(graphKey);
  const [liveGraph, setLiveGraph] = useState(options.initialLiveGraph);
  const liveKey = useMemo(() => (liveGraph ? keyOf(liveGraph) : null), [liveGraph]);
  const [activity, setActivity] = useState<"idle" | "saving" | "publishing">("idle");
  const [status, setStatus] = useState(options.initialStatus);
  const [liveVersion, setLiveVersion] = useState(options.initialLiveVersion);
  const [notice, setNotice] = useState<EditorNotice | null>(null);

  const isDirty = graphKey !== savedKey;

  const save = useCallback(async () => {
    if (activity !== "idle") return;
    const sent = graph;
    setActivity("saving");
    try {
      await onSaveDraft(sent);
      setSavedKey(keyOf(sent));
      setNotice(null);
    } catch (error) {
      setNotice({ tone: "error", text: `Could not save the draft: ${errorText(error)}` });
    } finally {
      setActivity("idle");
    }
  }, [activity, graph, onSaveDraft]);

  const publish = useCallback(async () => {
    if (activity !== "idle") return;
    const sent = graph;
    const sentKey = keyOf(sent);
    setActivity("publishing");
    // The last outcome ("Published version 1") is stale once another publish starts.
    setNotice(null);
    try {
      const outcome = await onPublish(sent, { onDraftSaved: () => setSavedKey(sentKey) });
      // Publishing stores the graph as the draft whether or not it went live.
      setSavedKey(sentKey);
      if (outcome.ok) {
        setPublishRejection(null);
        setLiveGraph(sent);
        setStatus("live");
        setLiveVersion(outcome.version);
        setNotice({ tone: "success", text: `Published version ${outcome.version}`, showMetricsLink: true });
      } else if ("cancelled" in outcome) {
        setNotice(null);
      } else {
        // Valid only for the exact graph that was sent; the store shows them while it is unchanged.
        setPublishRejection({ key: sentKey, issues: outcome.issues });
        const count = outcome.issues.length;
        setNotice({ tone: "warning", text: `Not published: fix ${count} problem${count === 1 ? "" : "s"} first` });
      }
    } catch (error) {
      setNotice({ tone: "error", text: `Could not publish: ${errorText(error)}` });
    } finally {
      setActivity("idle");
    }
  }, [activity, graph, onPublish, setPublishRejection]);

  return {
    isDirty,
    /** The drawing is exactly the live version: publishing again would change nothing. */
    isLiveCurrent: status === "live" && liveKey === graphKey,
    isSaving: activity === "saving",
    isPublishing: activity === "publishing",
    status,
    liveVersion,
    /** The live version's graph (the one just published, once published here); null before the first publish. */
    liveGraph,
    notice,
    dismissNotice: () => setNotice(null),
    /** After a pause / resume / archive made elsewhere: show the new status and say what it means. */
    applyStatus: (next: JourneyStatus, text: string) => {
      setStatus(next);
      setNotice({ tone: "success", text });
    },
    save,
    publish,
  };
}
