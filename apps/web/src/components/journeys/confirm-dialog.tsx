"use client";
// The confirmation before a destructive action (archive a journey, end a run): what happens,
// the action's error, Cancel, and the danger button that confirms.
import type { ReactNode, RefObject } from "react";
import danger from "@/components/ui/danger.module.css";
import styles from "./journeys.module.css";

export function ConfirmDialog(props: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  titleId: string;
  title: string;
  /** What confirming does. */
  children: ReactNode;
  error: string | null;
  /** This action runs: the confirm button says `pendingLabel`. */
  isPending: boolean;
  /** The confirm button is disabled (this or another action runs). */
  disabled: boolean;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => void;
}) {
  return (
    <dialog ref={props.dialogRef} className={styles.dialog} aria-labelledby={props.titleId}>
      <h2 id={props.titleId}>{props.title}</h2>
      {props.children}
      {props.error ? (
        <p className={styles.error} role="alert">
          {props.error}
        </p>
      ) : null}
      <div className={styles.dialogActions}>
        <button type="button" className="btn" onClick={() => props.dialogRef.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className={`btn ${danger.dangerSolid}`}
          disabled={props.disabled}
          onClick={props.onConfirm}
        >
          {props.isPending ? props.pendingLabel : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
