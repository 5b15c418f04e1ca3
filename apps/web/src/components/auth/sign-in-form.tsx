"use client";
// Email + password sign-in against better-auth (/api/auth/sign-in/email). The server answers a
// wrong password and an unknown address alike (401), and too many failures with a 429.
import { useState, type FormEvent } from "react";
import { safeNext } from "./safe-next";
import styles from "./sign-in.module.css";

export function SignInForm({ next }: { next: string | null }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (response.ok) {
        window.location.assign(safeNext(next));
        return;
      }
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      setError(
        response.status === 429
          ? (body?.message ?? "Too many failed sign-in attempts. Wait a few minutes and try again.")
          : response.status === 401
            ? "Wrong email or password."
            : (body?.message ?? `Sign-in failed (${response.status}).`),
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
        <input
          className="input"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <div role="alert" className="alert alert-error">
          {error}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
