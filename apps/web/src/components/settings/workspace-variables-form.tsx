"use client";
// Workspace variables: key/value pairs every template can print as `{{ workspace.<key> }}`
// (a postal address for the footer, a support link). Saved as one list; keys are checked by the server.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { SettingsView } from "./settings-types";
import styles from "./settings.module.css";
import { SaveButton } from "@/components/ui/save-button";
import { Card } from "@/components/ui/card";

type Row = { key: string; value: string };

/** Input errors arrive as zod issues (see the API's errorFormatter); show their messages, not the JSON. */
export function issueMessages(data: unknown): string | null {
  const issues = (data as { zodIssues?: { message: string }[] | null } | undefined)?.zodIssues;
  return issues && issues.length > 0 ? issues.map((issue) => issue.message).join("; ") : null;
}

export function WorkspaceVariablesForm({ initial }: { initial: SettingsView }) {
  const trpc = useTRPC();
  const [rows, setRows] = useState<Row[]>(initial.variables);
  const save = useMutation(
    trpc.settings.saveVariables.mutationOptions({ onSuccess: (settings) => setRows(settings.variables) }),
  );
  const update = (index: number, patch: Partial<Row>) =>
    setRows((list) => list.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ variables: rows });
  }

  return (
    <Card title="Workspace variables" titleId="workspace-variables-title">
      <form className="card-body stack" onSubmit={onSubmit} data-testid="workspace-variables">
        <p className="hint">
          Values every template can use, e.g. <code>{"{{ workspace.company_address }}"}</code> in a footer.{" "}
          <code>workspace.name</code> and <code>workspace.id</code> are built in.
        </p>
        {rows.map((row, index) => (
          <div className="row" key={index} data-testid="workspace-variable-row">
            <input
              aria-label={`Variable ${index + 1} key`}
              className={`input mono ${styles.shortInput}`}
              placeholder="support_url"
              value={row.key}
              onChange={(e) => update(index, { key: e.target.value })}
            />
            <input
              aria-label={`Variable ${index + 1} value`}
              className="input"
              placeholder="https://example.test/help"
              value={row.value}
              onChange={(e) => update(index, { value: e.target.value })}
            />
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setRows((list) => list.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        ))}
        <div className="row">
          <button type="button" className="btn" onClick={() => setRows((list) => [...list, { key: "", value: "" }])}>
            Add variable
          </button>
          <SaveButton isPending={save.isPending}>Save variables</SaveButton>
          {save.isSuccess && <span className="alert alert-success">Saved</span>}
        </div>
        {save.error && (
          <p className="alert alert-error" role="alert">
            {issueMessages(save.error.data) ?? save.error.message}
          </p>
        )}
      </form>
    </Card>
  );
}
