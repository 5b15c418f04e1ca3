"use client";
// The pieces of a "list of definitions + one draft form" editor (computed traits, event
// schemas): the draft state and list refresh, the Edit/Delete pair of a row, and the form's
// footer (Cancel, submit). Each editor keeps its own fields and mutations.
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import u from "@/components/ui/utility.module.css";

/** The draft being edited (null: none) and the refresh of the list it belongs to. */
export function useDraft<TDraft>(listKey: QueryKey) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TDraft | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKey });
  /** A save's onSuccess: close the form, then show the saved list. */
  const closeAndRefresh = async () => {
    setDraft(null);
    await refresh();
  };
  return { draft, setDraft, refresh, closeAndRefresh };
}

/** Edit and Delete at a row's end; Delete asks `confirm` first. */
export function RowActions(props: { onEdit: () => void; onDelete: () => void; confirm: string; disabled?: boolean }) {
  const confirmDelete = () => {
    if (window.confirm(props.confirm)) props.onDelete();
  };
  return (
    <td className={`row ${u.rowEnd}`}>
      <button type="button" className="btn btn-sm" onClick={props.onEdit}>
        Edit
      </button>
      <button type="button" className="btn btn-sm" disabled={props.disabled} onClick={confirmDelete}>
        Delete
      </button>
    </td>
  );
}

/** A draft form's end: the save's error, then a row of anything extra, Cancel and the submit button. */
export function DraftFormActions(props: {
  error: { message: string } | null;
  errorTestId: string;
  onCancel: () => void;
  isPending: boolean;
  pendingLabel?: string;
  submitLabel: string;
  submitTestId: string;
  children?: ReactNode;
}) {
  return (
    <>
      {props.error ? (
        <div className="alert alert-error" data-testid={props.errorTestId}>
          {props.error.message}
        </div>
      ) : null}
      <div className="row">
        {props.children}
        <span className={u.spacer} />
        <button type="button" className="btn btn-sm" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-sm btn-primary"
          disabled={props.isPending}
          data-testid={props.submitTestId}
        >
          {props.isPending ? (props.pendingLabel ?? "Saving…") : props.submitLabel}
        </button>
      </div>
    </>
  );
}
