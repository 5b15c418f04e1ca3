"use client";
// GDPR actions on a contact: "Export JSON" downloads everything held about them; "Delete
// contact" asks for confirmation, then erases them (journeys cancelled, rows deleted).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import danger from "@/components/ui/danger.module.css";
import styles from "./contacts.module.css";
import u from "@/components/ui/utility.module.css";

export function ContactActions({ contactId, userId }: { contactId: string; userId: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [isExporting, setIsExporting] = useState(false);
  const erase = useMutation(
    trpc.contacts.erase.mutationOptions({
      onSuccess: async () => {
        dialog.current?.close();
        await queryClient.invalidateQueries({ queryKey: trpc.contacts.list.pathKey() });
        router.push("/contacts");
      },
    }),
  );

  async function downloadExport() {
    setIsExporting(true);
    setExportError(null);
    try {
      const document = await queryClient.fetchQuery({
        ...trpc.contacts.export.queryOptions({ contactId }),
        staleTime: 0,
      });
      const blob = new Blob([JSON.stringify(document, null, 2)], { type: "application/json" });
      const link = window.document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `contact-${userId ?? contactId}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setIsExporting(false);
    }
  }

  return (
    <div className="row">
      {exportError ? <span className="alert alert-error">{exportError}</span> : null}
      <button
        type="button"
        className="btn"
        data-testid="export-contact"
        disabled={isExporting}
        onClick={() => void downloadExport()}
      >
        {isExporting ? "Exporting…" : "Export JSON"}
      </button>
      <button
        type="button"
        className={`btn ${danger.danger}`}
        data-testid="delete-contact"
        onClick={() => dialog.current?.showModal()}
      >
        Delete contact
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby="erase-title" data-testid="delete-dialog">
        <div className="stack">
          <h2 id="erase-title">Delete {userId ?? "this contact"}?</h2>
          <p className="muted">
            Their running journeys are cancelled and their events, messages and traits are deleted for good. Only a
            record that an erasure happened (counts, no personal data) is kept.
          </p>
          {erase.error ? <div className="alert alert-error">{erase.error.message}</div> : null}
          <div className={`row ${u.rowEnd}`}>
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button
              type="button"
              className={`btn ${danger.dangerSolid}`}
              data-testid="confirm-delete"
              disabled={erase.isPending}
              onClick={() => erase.mutate({ contactId })}
            >
              {erase.isPending ? "Deleting…" : "Delete contact"}
            </button>
          </div>
        </div>
      </dialog>
    </div>
  );
}
