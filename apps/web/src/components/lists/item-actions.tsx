"use client";
// The end of a journey's or template's row: Rename (a dialog; an empty name is refused with
// the server's words), Duplicate (opens the list filtered to nothing new: the copy is listed
// first), and Delete behind a confirmation that shows why the server refused (a template a
// journey uses names that journey; a live journey must be archived first).
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/journeys/confirm-dialog";
import { useListMutations, messageOf, type ListKind } from "./list-mutations";
import styles from "./lists.module.css";

type Pending = "rename" | "duplicate" | "delete" | null;
type OpenDialog = "rename" | "delete" | null;

export function ItemActions({ kind, id, name }: { kind: ListKind; id: string; name: string }) {
  const router = useRouter();
  const mutations = useListMutations(kind);
  const renameDialog = useRef<HTMLDialogElement>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [draftName, setDraftName] = useState(name);
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<string | null>(null);
  // A dialog is in the page only while open: a list of many rows carries no hidden forms, and
  // its text (the name in "Delete “…”?") is not found twice.
  const [openDialog, setOpenDialog] = useState<OpenDialog>(null);
  useEffect(() => {
    const dialog =
      openDialog === "rename" ? renameDialog.current : openDialog === "delete" ? deleteDialog.current : null;
    if (!dialog) return;
    const closed = () => setOpenDialog(null);
    dialog.addEventListener("close", closed);
    if (!dialog.open) dialog.showModal();
    return () => dialog.removeEventListener("close", closed);
  }, [openDialog]);

  async function run(
    action: Exclude<Pending, null>,
    change: () => Promise<unknown>,
    dialog?: HTMLDialogElement | null,
  ) {
    setPending(action);
    setError(null);
    try {
      await change();
      dialog?.close();
      router.refresh();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-sm"
        data-testid={`${kind}-rename`}
        onClick={() => {
          setDraftName(name);
          setError(null);
          setOpenDialog("rename");
        }}
      >
        Rename
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid={`${kind}-duplicate`}
        disabled={pending !== null}
        onClick={() => void run("duplicate", () => mutations.duplicate(id))}
      >
        {pending === "duplicate" ? "Duplicating…" : "Duplicate"}
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid={`${kind}-delete`}
        onClick={() => {
          setError(null);
          setOpenDialog("delete");
        }}
      >
        Delete
      </button>
      {error && pending === null && openDialog === null ? (
        <span className={styles.rowError} role="alert">
          {error}
        </span>
      ) : null}
      {openDialog === "rename" ? (
        <dialog ref={renameDialog} className={styles.dialog} aria-labelledby={`${titleId}-rename`}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void run("rename", () => mutations.rename(id, draftName), renameDialog.current);
            }}
          >
            <h2 id={`${titleId}-rename`}>Rename {kind}</h2>
            <input
              className="input"
              aria-label={`${kind === "journey" ? "Journey" : "Template"} name`}
              data-testid={`${kind}-rename-input`}
              value={draftName}
              maxLength={200}
              aria-invalid={error !== null}
              onChange={(event) => setDraftName(event.target.value)}
            />
            {error ? (
              <p className={styles.error} role="alert">
                {error}
              </p>
            ) : null}
            <div className={styles.dialogActions}>
              <button type="button" className="btn" onClick={() => renameDialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" className="btn btn-primary" disabled={pending !== null}>
                {pending === "rename" ? "Saving…" : "Save name"}
              </button>
            </div>
          </form>
        </dialog>
      ) : null}
      {openDialog === "delete" ? (
        <ConfirmDialog
          dialogRef={deleteDialog}
          titleId={`${titleId}-delete`}
          title={`Delete “${name}”?`}
          error={error}
          isPending={pending === "delete"}
          disabled={pending !== null}
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          onConfirm={() => void run("delete", () => mutations.remove(id), deleteDialog.current)}
        >
          <p>
            {kind === "journey"
              ? "The journey, its versions, runs and metrics are removed for good. A live or paused journey must be archived first."
              : "The template is removed for good. A template a journey uses (draft or published) cannot be deleted."}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
