"use client";
// Email + password sign-in against better-auth (/api/auth/sign-in/email). The server answers a
// wrong password and an unknown address alike (401), and too many failures with a 429.
import { useState, type FormEvent } from "react";
import { TextField } from "@/components/ui/form-field";
import { safeNext } from "./safe-next";
import styles from "./sign-in.module.css";

/** The two inputs, typed so that password managers fill them. */
const FIELDS = [
  { name: "email", label: "Email", type: "email", autoComplete: "username" },
  { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
] as const;

export function SignInForm({ next }: { next: string | null }) {
  const [login, setLogin] = useState({ email: "", password: "" });
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
        body: JSON.stringify(login),
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
      {FIELDS.map((field) => (
        <TextField
          key={field.name}
          id={`sign-in-${field.name}`}
          {...field}
          required
          value={login[field.name]}
          onValue={(value) => setLogin({ ...login, [field.name]: value })}
        />
      ))}
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
