"use client";
// The shell's footer: the active workspace (switcher over the person's memberships, and a
// form to create a new one, which they will own), who is signed in with which role, and
// sign-out. Switching reloads the page so nothing of the previous workspace stays cached.
import { ROLE_LABELS, type Role } from "@mailstream/auth/permissions";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import styles from "./workspace-switcher.module.css";

export interface SwitcherWorkspace {
  workspaceId: string;
  name: string;
  role: Role;
}

export function WorkspaceSwitcher({
  activeId,
  workspaces,
  email,
}: {
  activeId: string | null;
  workspaces: SwitcherWorkspace[];
  email: string;
}) {
  const trpc = useTRPC();
  const [isCreating, setIsCreating] = useState(workspaces.length === 0);
  const [name, setName] = useState("");
  const reload = () => window.location.assign("/overview");
  const switchTo = useMutation(trpc.workspaces.switch.mutationOptions({ onSuccess: reload }));
  const create = useMutation(trpc.workspaces.create.mutationOptions({ onSuccess: reload }));
  const active = workspaces.find((w) => w.workspaceId === activeId);
  const error = switchTo.error?.message ?? create.error?.message;

  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    window.location.assign("/sign-in");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <div className={styles.switcher}>
      {workspaces.length > 0 && (
        <label className={styles.select}>
          <span className={styles.label}>Workspace</span>
          <select
            aria-label="Workspace"
            value={activeId ?? ""}
            disabled={switchTo.isPending}
            onChange={(event) => switchTo.mutate({ workspaceId: event.target.value })}
          >
            {workspaces.map((w) => (
              <option key={w.workspaceId} value={w.workspaceId}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {active && (
        <div className={styles.role} data-testid="workspace-role">
          {ROLE_LABELS[active.role]}
        </div>
      )}
      {isCreating ? (
        <form onSubmit={submit} className={styles.create}>
          <input
            aria-label="New workspace name"
            placeholder="New workspace name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={80}
          />
          <button type="submit" className="btn btn-sm" disabled={create.isPending || !name.trim()}>
            Create
          </button>
        </form>
      ) : (
        <button type="button" className={styles.linkButton} onClick={() => setIsCreating(true)}>
          + New workspace
        </button>
      )}
      {error && (
        <div role="alert" className={styles.error}>
          {error}
        </div>
      )}
      <div className={styles.user}>
        <span title={email}>{email}</span>
        <button type="button" className={styles.linkButton} onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </div>
  );
}
