"use client";
// The workspace itself: rename it (owners and admins) and, for owners, delete it with
// everything in it, confirmed by typing its name (the server compares it too).
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import danger from "@/components/ui/danger.module.css";
import { useTRPC } from "@/trpc/client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { InlineForm, InlineInput } from "@/components/ui/form-field";
import { Card } from "@/components/ui/card";

export function WorkspaceAdmin({ name, canDelete }: { name: string; canDelete: boolean }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(name);
  const [confirmName, setConfirmName] = useState("");
  const rename = useMutation(trpc.workspaces.rename.mutationOptions({ onSuccess: () => window.location.reload() }));
  const remove = useMutation(
    trpc.workspaces.delete.mutationOptions({ onSuccess: () => window.location.assign("/overview") }),
  );

  function onDelete(event: FormEvent) {
    event.preventDefault();
    remove.mutate({ confirmName });
  }

  return (
    <Card title="Workspace" titleId="workspace-title">
      <div className="card-body stack">
        <InlineForm
          onSubmit={() => rename.mutate({ name: draft })}
          submit="Rename"
          submitClass="btn"
          disabled={rename.isPending || draft.trim() === name}
        >
          <InlineInput label="Workspace name" required maxLength={80} value={draft} onValue={setDraft} />
        </InlineForm>
        <ErrorAlert error={rename.error} />
        {canDelete && (
          <form className="stack" onSubmit={onDelete}>
            <p>
              Deleting the workspace removes its journeys, templates, contacts, events, messages and members for good.
              Type <strong>{name}</strong> to confirm.
            </p>
            <div className="row">
              <InlineInput label="Type the workspace name to delete it" value={confirmName} onValue={setConfirmName} />
              <button
                type="submit"
                className={`btn ${danger.dangerSolid}`}
                disabled={remove.isPending || confirmName.trim() !== name.trim()}
              >
                Delete workspace
              </button>
            </div>
            <ErrorAlert error={remove.error} />
          </form>
        )}
      </div>
    </Card>
  );
}
