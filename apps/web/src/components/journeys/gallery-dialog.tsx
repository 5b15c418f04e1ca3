"use client";
// "Start from the gallery": the ready-made journeys as cards — name, what it does, a preview of
// its steps by kind and the events it expects. Choosing one creates the draft with its own
// templates (journeys.createFromGallery) and opens it in the canvas editor.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { RefObject } from "react";
import { useTRPC } from "@/trpc/client";
import styles from "./gallery.module.css";

export function GalleryDialog(props: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  isOpen: boolean;
  /** The name typed in the New journey form, if any: the draft takes it instead of the entry's. */
  name: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const gallery = useQuery({ ...trpc.journeys.gallery.queryOptions(), enabled: props.isOpen, staleTime: Infinity });
  const create = useMutation(
    trpc.journeys.createFromGallery.mutationOptions({
      onSuccess: (journey) => router.push(`/journeys/${journey.id}/edit`),
    }),
  );
  const name = props.name.trim();

  return (
    <dialog ref={props.dialogRef} className={styles.dialog} aria-labelledby="gallery-title">
      <div className={styles.header}>
        <div>
          <h2 id="gallery-title">Start from the gallery</h2>
          <p className={styles.lead}>
            Ready-made journeys with their emails and a test for each path. The journey is created as a draft with its
            own copies of the templates — change anything before you publish.
          </p>
        </div>
        <button type="button" className="btn" onClick={() => props.dialogRef.current?.close()}>
          Close
        </button>
      </div>
      {gallery.error ? (
        <p className="alert alert-error" role="alert">
          {gallery.error.message}
        </p>
      ) : null}
      {create.error ? (
        <p className="alert alert-error" role="alert">
          {create.error.message}
        </p>
      ) : null}
      {gallery.isPending && props.isOpen ? <p className="muted">Loading the gallery…</p> : null}
      <ul className={styles.cards} aria-label="Gallery journeys">
        {(gallery.data ?? []).map((entry) => (
          <li key={entry.id} className={styles.card} data-testid="gallery-card" aria-labelledby={`gallery-${entry.id}`}>
            <h3 id={`gallery-${entry.id}`}>{entry.name}</h3>
            <p className={styles.description}>{entry.description}</p>
            <p className={styles.preview} aria-label="Steps">
              <strong>{entry.stepCount} steps</strong>
              {entry.kinds.map((kind) => (
                <span key={kind.kind} className={styles.kind} data-kind={kind.kind}>
                  {kind.count} {kind.label}
                </span>
              ))}
            </p>
            <div className={styles.events}>
              <span className={styles.eventsLabel}>Expects</span>
              {entry.events.map((event) => (
                <code
                  key={event.name}
                  title={`${event.role}${event.properties.length > 0 ? ` Reads: ${event.properties.join(", ")}.` : ""}`}
                >
                  {event.name}
                </code>
              ))}
            </div>
            <div className={styles.cardFooter}>
              <span className="muted">
                {entry.templateCount} templates · {entry.testCaseCount} test cases
              </span>
              <button
                type="button"
                className="btn btn-primary btn-sm"
                disabled={create.isPending}
                aria-label={`Use ${entry.name}`}
                onClick={() => create.mutate({ galleryId: entry.id, ...(name ? { name } : {}) })}
              >
                {create.isPending && create.variables?.galleryId === entry.id ? "Creating…" : "Use this journey"}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </dialog>
  );
}
