"use client";
// Subscription topics: add, rename/re-describe, switch the default, delete. Email steps pick
// a topic; recipients leave topics on the preference page.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { TopicView } from "./settings-types";
import styles from "./settings.module.css";
import u from "@/components/ui/utility.module.css";
import { TableHead } from "@/components/ui/list-parts";
import { Card } from "@/components/ui/card";

type Draft = { name: string; description: string; defaultMode: "opt_in" | "opt_out" };
const EMPTY: Draft = { name: "", description: "", defaultMode: "opt_out" };
const TEXT_FIELDS = [
  { field: "name", label: "Topic name", placeholder: "Product updates" },
  { field: "description", label: "Topic description", placeholder: "What recipients get" },
] as const;

function TopicFields({
  draft,
  onChange,
  idPrefix,
}: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  idPrefix: string;
}) {
  return (
    <>
      {TEXT_FIELDS.map((f) => (
        <input
          key={f.field}
          aria-label={f.label}
          id={`${idPrefix}-${f.field}`}
          className="input"
          placeholder={f.placeholder}
          value={draft[f.field]}
          onChange={(e) => onChange({ ...draft, [f.field]: e.target.value })}
        />
      ))}
      <select
        aria-label="Topic default"
        className={`input ${styles.shortInput}`}
        value={draft.defaultMode}
        onChange={(e) => onChange({ ...draft, defaultMode: e.target.value as Draft["defaultMode"] })}
      >
        <option value="opt_out">Everyone until they leave (opt-out)</option>
        <option value="opt_in">Only who joins (opt-in)</option>
      </select>
    </>
  );
}

export function TopicsManager({ initial }: { initial: TopicView[] }) {
  const trpc = useTRPC();
  const [topics, setTopics] = useState(initial);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<{ topicId: string; draft: Draft } | null>(null);
  const create = useMutation(
    trpc.topics.create.mutationOptions({
      onSuccess: (topic) => {
        setTopics((list) => [...list, topic].sort((a, b) => a.name.localeCompare(b.name)));
        setDraft(EMPTY);
      },
    }),
  );
  const update = useMutation(
    trpc.topics.update.mutationOptions({
      onSuccess: (topic) => {
        setTopics((list) => list.map((t) => (t.id === topic.id ? topic : t)));
        setEditing(null);
      },
    }),
  );
  const remove = useMutation(trpc.topics.delete.mutationOptions());
  const error = create.error ?? update.error ?? remove.error;

  function onCreate(event: FormEvent) {
    event.preventDefault();
    create.mutate(draft);
  }

  return (
    <Card title="Subscription topics" titleId="topics-title">
      <div className="card-body stack">
        {topics.length === 0 ? (
          <p className="muted">
            No topics yet. Without topics, every marketing email is one list: unsubscribing stops all of them.
          </p>
        ) : (
          <table className="table" data-testid="topics-table">
            <TableHead columns={["Name", "Description", "Default", { ariaLabel: "Actions" }]} />
            <tbody>
              {topics.map((topic) =>
                editing?.topicId === topic.id ? (
                  <tr key={topic.id}>
                    <td colSpan={3}>
                      <div className="row">
                        <TopicFields
                          idPrefix={`edit-${topic.id}`}
                          draft={editing.draft}
                          onChange={(next) => setEditing({ topicId: topic.id, draft: next })}
                        />
                      </div>
                    </td>
                    <td className="row">
                      <button
                        type="button"
                        className="btn btn-sm btn-primary"
                        onClick={() => update.mutate({ topicId: topic.id, ...editing.draft })}
                      >
                        Save
                      </button>
                      <button type="button" className="btn btn-sm" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </td>
                  </tr>
                ) : (
                  <tr key={topic.id} data-testid="topic-row">
                    <td className={u.strong}>{topic.name}</td>
                    <td className="muted">{topic.description}</td>
                    <td>{topic.defaultMode === "opt_in" ? "Opt-in" : "Opt-out"}</td>
                    <td className="row">
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() =>
                          setEditing({
                            topicId: topic.id,
                            draft: { name: topic.name, description: topic.description, defaultMode: topic.defaultMode },
                          })
                        }
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => {
                          if (!window.confirm(`Delete "${topic.name}"? Email steps using it will skip their sends.`))
                            return;
                          remove.mutate(
                            { topicId: topic.id },
                            { onSuccess: () => setTopics((list) => list.filter((t) => t.id !== topic.id)) },
                          );
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
        <form className="row" onSubmit={onCreate} data-testid="new-topic">
          <TopicFields idPrefix="new-topic" draft={draft} onChange={setDraft} />
          <button type="submit" className="btn btn-primary" disabled={create.isPending || draft.name.trim() === ""}>
            Add topic
          </button>
        </form>
        {error && <p className="alert alert-error">{error.message}</p>}
      </div>
    </Card>
  );
}
