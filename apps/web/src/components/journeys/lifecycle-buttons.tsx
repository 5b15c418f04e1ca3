"use client";
// Pause / Resume / Archive for one journey, with a confirmation before archiving (it ends
// every active run). Data-agnostic: the caller performs the change and reports failures by
// rejecting, so the editor toolbar and the journey's runs page share it.
import { useRef, useState } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import styles from "./journeys.module.css";

export type JourneyStatus = "draft" | "live" | "paused" | "archived";
export type LifecycleAction = "pause" | "resume" | "archive";

interface LifecycleButtonsProps {
  status: JourneyStatus;
  /** Button classes of the surrounding UI (the editor's button or the app's `btn`). */
  buttonClass: string;
  dangerClass: string;
  onAction: (action: LifecycleAction) => Promise<void>;
}

export function LifecycleButtons({ status, buttonClass, dangerClass, onAction }: LifecycleButtonsProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<LifecycleAction | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: LifecycleAction) => {
    setPending(action);
    setError(null);
    try {
      await onAction(action);
      dialog.current?.close();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(null);
    }
  };

  if (status === "archived") return null;
  return (
    <>
      {status === "live" && (
        <button
          type="button"
          className={buttonClass}
          disabled={pending !== null}
          title="Hold every contact where they are and stop new entries"
          onClick={() => void run("pause")}
        >
          {pending === "pause" ? "Pausing…" : "Pause"}
        </button>
      )}
      {status === "paused" && (
        <button
          type="button"
          className={buttonClass}
          disabled={pending !== null}
          title="Let held contacts continue and new ones enter"
          onClick={() => void run("resume")}
        >
          {pending === "resume" ? "Resuming…" : "Resume"}
        </button>
      )}
      <button
        type="button"
        className={`${buttonClass} ${dangerClass}`}
        disabled={pending !== null}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        Archive
      </button>
      {error && !dialog.current?.open && (
        <span className={styles.error} role="alert">
          {error}
        </span>
      )}
      <ConfirmDialog
        dialogRef={dialog}
        titleId="archive-journey-title"
        title="Archive this journey?"
        error={error}
        isPending={pending === "archive"}
        disabled={pending !== null}
        confirmLabel="Archive journey"
        pendingLabel="Archiving…"
        onConfirm={() => void run("archive")}
      >
        <p>
          Every contact still in the journey leaves it now; their runs end with the reason <b>journey archived</b>. New
          events no longer start runs, and an archived journey cannot be published or resumed again.
        </p>
      </ConfirmDialog>
    </>
  );
}
