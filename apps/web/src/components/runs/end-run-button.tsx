"use client";
// "End run" with a confirmation: the run's workflow is asked to exit and records the
// reason; the step it was on does not complete.
import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { useTRPC } from "@/trpc/client";
import { ConfirmDialog } from "@/components/journeys/confirm-dialog";
import danger from "@/components/ui/danger.module.css";

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
      <button type="button" className={`btn ${danger.danger}`} onClick={() => dialog.current?.showModal()}>
        End run
      </button>
      <ConfirmDialog
        dialogRef={dialog}
        titleId="end-run-title"
        title="End this run?"
        error={end.error ? end.error.message : null}
        isPending={end.isPending}
        disabled={end.isPending}
        confirmLabel="End run"
        pendingLabel="Ending…"
        onConfirm={() => end.mutate({ runId })}
      >
        <p>
          {contact} leaves the journey now, wherever they are; nothing after the current step is sent. The run is
          recorded as exited, <b>ended from the UI</b>. They may enter again if the trigger&apos;s entry rules allow it.
        </p>
      </ConfirmDialog>
    </>
  );
}
