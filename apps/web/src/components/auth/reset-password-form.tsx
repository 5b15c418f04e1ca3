"use client";
// Sets the new password with the link's token (better-auth's /api/auth/reset-password). The
// server signs every session of the account out; the person signs in again with the new one.
import Link from "next/link";
import { useState, type FormEvent } from "react";
import styles from "./sign-in.module.css";

export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isDone, setIsDone] = useState(false);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) {
      setError("The two passwords differ.");
      return;
    }
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/reset-password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ newPassword: password, token }),
      });
      if (response.ok) {
        setIsDone(true);
        return;
      }
      const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
      setError(
        body?.code === "INVALID_TOKEN"
          ? "This reset link is not valid any more (used or expired). Ask for a new one."
          : (body?.message ?? `The password could not be changed (${response.status}).`),
      );
    } catch {
      setError("Mailstream could not be reached. Try again.");
    } finally {
      setIsPending(false);
    }
  }

  if (isDone) {
    return (
      <>
        <div role="status" className="alert alert-success">
          Your password is changed, and every session of your account is signed out.
        </div>
        <Link href="/sign-in">Sign in with the new password</Link>
      </>
    );
  }
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>New password</span>
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={128}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <span className="hint">At least 10 characters.</span>
      </label>
      <label className="field">
        <span>Repeat the new password</span>
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </label>
      {error && (
        <div role="alert" className="alert alert-error">
          {error}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={isPending}>
        {isPending ? "Saving…" : "Set the new password"}
      </button>
    </form>
  );
}
