"use client";
// Asks better-auth for a reset link (/api/auth/request-password-reset). Whatever the address,
// the page says the same thing afterwards; only a 429 (too many requests from this network)
// is shown differently, and it does not depend on the address either.
import { useState, type FormEvent } from "react";
import { RESET_PASSWORD_PAGE } from "@mailstream/auth/links";
import styles from "./sign-in.module.css";

export const RESET_SENT_MESSAGE =
  "If an account uses that address, an email with a reset link is on its way. The link works once, for one hour.";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [status, setStatus] = useState<{ kind: "sent" | "error"; text: string } | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIsPending(true);
    setStatus(null);
    try {
      const response = await fetch("/api/auth/request-password-reset", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, redirectTo: RESET_PASSWORD_PAGE }),
      });
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      if (response.ok) setStatus({ kind: "sent", text: RESET_SENT_MESSAGE });
      else setStatus({ kind: "error", text: body?.message ?? `The request failed (${response.status}).` });
    } catch {
      setStatus({ kind: "error", text: "Mailstream could not be reached. Try again." });
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)}>
      <p className="muted">Enter the address you sign in with; we will email you a link to choose a new password.</p>
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
      {status && (
        <div role="alert" className={`alert ${status.kind === "sent" ? "alert-success" : "alert-error"}`}>
          {status.text}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={isPending}>
        {isPending ? "Sending…" : "Email me a reset link"}
      </button>
    </form>
  );
}
