"use client";
// A row's tags: each a chip (× removes it) and "+ Tag" to add one. Without write permission
// only the chips show. The server normalises and validates; its refusal is shown in words.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCan } from "@/components/shell/permissions";
import { useListMutations, messageOf, type ListKind } from "./list-mutations";
import styles from "./lists.module.css";

export function TagEditor({ kind, id, tags }: { kind: ListKind; id: string; tags: string[] }) {
  const router = useRouter();
  const mutations = useListMutations(kind);
  const canWrite = useCan(kind === "journey" ? "journeys:write" : "templates:write");
  const [isAdding, setIsAdding] = useState(false);
  const [tag, setTag] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function change(apply: () => Promise<unknown>) {
    setError(null);
    try {
      await apply();
      setTag("");
      setIsAdding(false);
      router.refresh();
    } catch (caught) {
      setError(messageOf(caught));
    }
  }

  return (
    <span className={styles.tags} data-testid="tags">
      {tags.map((t) => (
        <span key={t} className={styles.tag}>
          {t}
          {canWrite ? (
            <button
              type="button"
              className={styles.tagRemove}
              aria-label={`Remove tag ${t}`}
              onClick={() => void change(() => mutations.removeTag(id, t))}
            >
              ×
            </button>
          ) : null}
        </span>
      ))}
      {canWrite && !isAdding ? (
        <button type="button" className={styles.tagAdd} onClick={() => setIsAdding(true)} data-testid="tag-add">
          + Tag
        </button>
      ) : null}
      {isAdding ? (
        <form
          className={styles.tagForm}
          onSubmit={(event) => {
            event.preventDefault();
            void change(() => mutations.addTag(id, tag));
          }}
        >
          <input
            className={`input ${styles.tagInput}`}
            aria-label="New tag"
            autoFocus
            maxLength={32}
            value={tag}
            onChange={(event) => setTag(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setIsAdding(false);
            }}
          />
        </form>
      ) : null}
      {error ? (
        <span className={styles.rowError} role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
