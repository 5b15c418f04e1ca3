"use client";
// Saving and publishing from the editor: what is unsaved, what is in flight, the issues a
// rejected publish returned, and the message to show afterwards.
import { useCallback, useState } from "react";
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { CanvasIssue } from "./canvas-context";
import type { EditorNotice, JourneyStatus } from "./editor-toolbar";

export type PublishOutcome = { ok: true; version: number } | { ok: false; issues: CanvasIssue[] };

export interface SavePublishOptions {
  graph: JourneyGraph;
  initialStatus: JourneyStatus;
  initialLiveVersion: number | null;
  onSaveDraft: (graph: JourneyGraph) => Promise<void>;
  /** Publishes `graph` (the server saves it as the draft either way). */
  onPublish: (graph: JourneyGraph) => Promise<PublishOutcome>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useSavePublish({ graph, initialStatus, initialLiveVersion, onSaveDraft, onPublish }: SavePublishOptions) {
  const graphKey = JSON.stringify(graph);
  const [savedKey, setSavedKey] = useState(graphKey);
  const [activity, setActivity] = useState<"idle" | "saving" | "publishing">("idle");
  const [status, setStatus] = useState(initialStatus);
  const [liveVersion, setLiveVersion] = useState(initialLiveVersion);
  const [notice, setNotice] = useState<EditorNotice | null>(null);
  // Issues from a rejected publish, valid only for the exact graph that was sent.
  const [rejected, setRejected] = useState<{ key: string; issues: CanvasIssue[] } | null>(null);

  const isDirty = graphKey !== savedKey;

  const save = useCallback(async () => {
    if (activity !== "idle") return;
    const sent = graph;
    setActivity("saving");
    try {
      await onSaveDraft(sent);
      setSavedKey(JSON.stringify(sent));
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
    const sentKey = JSON.stringify(sent);
    setActivity("publishing");
    try {
      const outcome = await onPublish(sent);
      // Publishing stores the graph as the draft whether or not it went live.
      setSavedKey(sentKey);
      if (outcome.ok) {
        setRejected(null);
        setStatus("live");
        setLiveVersion(outcome.version);
        setNotice({ tone: "success", text: `Published version ${outcome.version}`, showMetricsLink: true });
      } else {
        setRejected({ key: sentKey, issues: outcome.issues });
        const count = outcome.issues.length;
        setNotice({ tone: "warning", text: `Not published: fix ${count} problem${count === 1 ? "" : "s"} first` });
      }
    } catch (error) {
      setNotice({ tone: "error", text: `Could not publish: ${errorText(error)}` });
    } finally {
      setActivity("idle");
    }
  }, [activity, graph, onPublish]);

  return {
    isDirty,
    isSaving: activity === "saving",
    isPublishing: activity === "publishing",
    status,
    liveVersion,
    notice,
    dismissNotice: () => setNotice(null),
    rejectedIssues: rejected?.key === graphKey ? rejected.issues : [],
    save,
    publish,
  };
}
