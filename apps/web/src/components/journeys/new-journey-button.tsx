"use client";
// "New journey": asks for a name, creates the journey (an empty draft with a trigger) and
// opens it in the canvas editor — or offers "Start from the gallery" (gallery-dialog.tsx).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { GalleryDialog } from "./gallery-dialog";
import styles from "./journeys.module.css";

export function NewJourneyButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const [name, setName] = useState("");
  const gallery = useRef<HTMLDialogElement>(null);
  const [isGalleryOpen, setIsGalleryOpen] = useState(false);
  const create = useMutation(
    trpc.journeys.create.mutationOptions({
      onSuccess: (journey) => router.push(`/journeys/${journey.id}/edit`),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // An empty name is the server's to refuse, in words: never a silent "Untitled journey".
    create.mutate({ name });
  }

  if (!isOpen) {
    return (
      <button type="button" className="btn btn-primary" data-testid="new-journey" onClick={() => setIsOpen(true)}>
        + New journey
      </button>
    );
  }
  return (
    <form className="row" onSubmit={onSubmit} aria-label="New journey">
      <input
        className={`input ${styles.nameInput}`}
        aria-label="Journey name"
        placeholder="Journey name"
        data-testid="new-journey-name"
        autoFocus
        required
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="btn btn-primary" data-testid="create-journey" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create journey"}
      </button>
      <button
        type="button"
        className="btn"
        data-testid="start-from-gallery"
        onClick={() => {
          setIsGalleryOpen(true);
          gallery.current?.showModal();
        }}
      >
        Start from the gallery
      </button>
      <button type="button" className="btn" onClick={() => setIsOpen(false)}>
        Cancel
      </button>
      <GalleryDialog dialogRef={gallery} isOpen={isGalleryOpen} name={name} />
      {create.error ? <span className="alert alert-error">{create.error.message}</span> : null}
    </form>
  );
}
