"use client";
// "End run" with a confirmation: the run's workflow is asked to exit and records the
// reason; the step it was on does not complete.
import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { useTRPC } from "@/trpc/client";
import styles from "@/components/journeys/journeys.module.css";

export function EndRunButton({ runId, contact, onEnded }: { runId: string; contact: string; onEnded: () => unknown }) {
  const trpc = useTRPC();
  const dialog = useRef<HTMLDialogElement>(null);
  const end = useMutation(
    trpc.runs.end.mutationOptions({
      onSuccess: () => {
        dialog.current?.close();
        return onEnded();
      },
    }),
  );
  return (
    <>
      <button type="button" className={`btn ${styles.danger}`} onClick={() => dialog.current?.showModal()}>
        End run
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby="end-run-title">
        <h2 id="end-run-title">End this run?</h2>
        <p>
          {contact} leaves the journey now, wherever they are; nothing after the current step is sent. The run is
          recorded as exited, <b>ended from the UI</b>. They may enter again if the trigger&apos;s entry rules allow it.
        </p>
        {end.error ? (
          <p className={styles.error} role="alert">
            {end.error.message}
          </p>
        ) : null}
        <div className={styles.dialogActions}>
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${styles.dangerSolid}`}
            disabled={end.isPending}
            onClick={() => end.mutate({ runId })}
          >
            {end.isPending ? "Ending…" : "End run"}
          </button>
        </div>
      </dialog>
    </>
  );
}
