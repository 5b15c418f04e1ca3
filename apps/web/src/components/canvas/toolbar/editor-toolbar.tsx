"use client";
// The editor's top bar: where you are, the journey's state, and the save/publish actions.
import Link from "next/link";
import type { ReactNode } from "react";
import { useCan } from "@/components/shell/permissions";
import { useCanvasActions, useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";
import styles from "./editor-toolbar.module.css";

export type JourneyStatus = "draft" | "live" | "paused" | "archived";

export interface EditorNotice {
  tone: "success" | "warning" | "error";
  text: string;
  /** Offer the metrics link (after a successful publish). */
  showMetricsLink?: boolean;
}

interface EditorToolbarProps {
  name: string;
  status: JourneyStatus;
  liveVersion: number | null;
  metricsHref: string;
  runsHref: string;
  /** Pause / Resume / Archive, rendered by the page that knows how to perform them. */
  lifecycle: ReactNode;
  /** The Test button (test runs need `journeys:write`, as the lifecycle does). */
  test?: ReactNode;
  /** The Draft / Live switch of a journey with a live version. */
  view?: ReactNode;
  isDirty: boolean;
  isLiveCurrent: boolean;
  isSaving: boolean;
  isPublishing: boolean;
  notice: EditorNotice | null;
  onSave: () => void;
  onPublish: () => void;
  onDismissNotice: () => void;
}

const STATUS_CLASS: Record<JourneyStatus, string | undefined> = {
  draft: undefined,
  live: styles.statusLive,
  paused: styles.statusPaused,
  archived: undefined,
};

const NOTICE_CLASS: Record<EditorNotice["tone"], string | undefined> = {
  success: styles.noticeSuccess,
  warning: styles.noticeWarning,
  error: styles.noticeError,
};

function StatusBadge({ status, liveVersion }: { status: JourneyStatus; liveVersion: number | null }) {
  const label =
    status === "live" && liveVersion !== null ? `Live · v${liveVersion}` : status[0]?.toUpperCase() + status.slice(1);
  return (
    <span className={`${styles.status} ${STATUS_CLASS[status]}`} data-testid="journey-status">
      <span className={styles.statusDot} aria-hidden="true" />
      {label}
    </span>
  );
}

function publishTitle(isLiveCurrent: boolean, issueCount: number): string {
  if (isLiveCurrent) return "This drawing is the live version";
  if (issueCount > 0) return `${issueCount} problem${issueCount === 1 ? "" : "s"} to fix first`;
  return "Publish a new version";
}

export function EditorToolbar(props: EditorToolbarProps) {
  const { name, status, liveVersion, isDirty, isSaving, isPublishing, notice } = props;
  const issueCount = useCanvasStore((s) => s.issues.length);
  const isSettingsOpen = useCanvasStore((s) => s.panel === "settings");
  const { toggleSettings } = useCanvasActions();
  const isBusy = isSaving || isPublishing;
  // Roles without journeys:write see the journey read-only (the server refuses their calls anyway).
  const canWrite = useCan("journeys:write");
  const isArchived = status === "archived";
  const saveStateText = isArchived
    ? "Archived: read-only"
    : isSaving
      ? "Saving…"
      : isDirty
        ? "Unsaved changes"
        : "All changes saved";
  // An archived journey is never saved or published again, so neither is offered.
  const canChange = canWrite && !isArchived;
  return (
    <header className={styles.toolbar}>
      <div className={styles.toolbarLeft}>
        <Link href="/journeys" className={styles.toolbarBack} aria-label="Back to journeys">
          ←
        </Link>
        {/* The save state sits under the name rather than beside it: the row is for the name and the actions. */}
        <div className={styles.toolbarTitles}>
          <h1 className={styles.toolbarName}>{name}</h1>
          <span
            className={isDirty ? `${styles.saveState} ${styles.saveStateDirty}` : styles.saveState}
            data-testid="save-state"
            aria-live="polite"
          >
            {saveStateText}
          </span>
        </div>
        <StatusBadge status={status} liveVersion={liveVersion} />
      </div>

      {notice && (
        <div
          className={`${styles.notice} ${NOTICE_CLASS[notice.tone]}`}
          role={notice.tone === "error" ? "alert" : "status"}
        >
          <span>{notice.text}</span>
          {notice.showMetricsLink && (
            <Link href={props.metricsHref} className={styles.noticeLink}>
              View live metrics →
            </Link>
          )}
          <button type="button" className={styles.noticeClose} aria-label="Dismiss" onClick={props.onDismissNotice}>
            ×
          </button>
        </div>
      )}

      <div className={styles.toolbarActions}>
        <button
          type="button"
          className={`${jc.button} ${jc.buttonGhost}`}
          aria-pressed={isSettingsOpen}
          onClick={toggleSettings}
          title="Goal, exit criteria, quiet hours, frequency cap, time zone"
        >
          Settings
        </button>
        {liveVersion !== null && (
          <>
            <Link href={props.runsHref} className={`${jc.button} ${jc.buttonGhost}`}>
              Runs
            </Link>
            <Link href={props.metricsHref} className={`${jc.button} ${jc.buttonGhost}`}>
              Metrics
            </Link>
          </>
        )}
        {props.view}
        {canWrite && props.test}
        {canWrite && props.lifecycle}
        {canChange && (
          <button
            type="button"
            className={jc.button}
            onClick={props.onSave}
            disabled={isBusy || !isDirty}
            title="Save draft (Ctrl+S)"
          >
            {isSaving ? "Saving…" : "Save draft"}
          </button>
        )}
        {canChange && (
          <button
            type="button"
            className={`${jc.button} ${jc.buttonPrimary}`}
            onClick={props.onPublish}
            disabled={isBusy || props.isLiveCurrent}
            title={publishTitle(props.isLiveCurrent, issueCount)}
          >
            {isPublishing ? "Publishing…" : "Publish"}
          </button>
        )}
      </div>
    </header>
  );
}
