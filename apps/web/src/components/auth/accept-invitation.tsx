"use client";
// Accepting an invitation. Signed in: one button (workspaces.acceptInvitation). Not signed in:
// the invited address (fixed), a name and a password, posted to /api/invitations/accept,
// which creates the account — or, when the address already has one, checks that it is its
// password — joins the workspace and signs in. The form reads the same either way.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import styles from "./sign-in.module.css";

const goToWorkspace = () => window.location.assign("/overview");

export function JoinWorkspaceButton({ token }: { token: string }) {
  const trpc = useTRPC();
  const accept = useMutation(trpc.workspaces.acceptInvitation.mutationOptions({ onSuccess: goToWorkspace }));
  return (
    <>
      {accept.error && (
        <div role="alert" className="alert alert-error">
          {accept.error.message}
        </div>
      )}
      <button
        type="button"
        className="btn btn-primary"
        disabled={accept.isPending || accept.isSuccess}
        onClick={() => accept.mutate({ token })}
      >
        {accept.isPending ? "Joining…" : "Join the workspace"}
      </button>
    </>
  );
}

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch("/api/invitations/accept", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, name, password }),
      });
      if (response.ok) {
        goToWorkspace();
        return;
      }
      const body = (await response.json().catch(() => null)) as {
        error?: string;
        message?: string;
        errors?: { path: string; message: string }[];
      } | null;
      setError(
        body?.error ??
          body?.message ??
          body?.errors?.map((e) => `${e.path}: ${e.message}`).join("; ") ??
          `Joining failed (${response.status}).`,
      );
    } catch {
      setError("Mailstream could not be reached. Try again.");
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>Email</span>
        <input className="input" type="email" name="email" autoComplete="username" value={email} readOnly />
      </label>
      <label className="field">
        <span>Your name</span>
        <input
          className="input"
          name="name"
          autoComplete="name"
          required
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={128}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <span className="hint">
          At least 10 characters. If this address already has a Mailstream account, use its password.
        </span>
      </label>
      {error && (
        <div role="alert" className="alert alert-error">
          {error}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={isPending}>
        {isPending ? "Joining…" : "Accept and join"}
      </button>
    </form>
  );
}
