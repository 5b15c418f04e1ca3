"use client";
// Asks better-auth for a reset link (/api/auth/request-password-reset). Whatever the address,
// the page says the same thing afterwards; only a 429 (too many requests from this network)
// is shown differently, and it does not depend on the address either.
import { useState } from "react";
import { RESET_PASSWORD_PAGE } from "@mailstream/auth/links";
import { TextField } from "@/components/ui/form-field";
import { AuthForm, authError, postAuth } from "./auth-form";

export const RESET_SENT_MESSAGE =
  "If an account uses that address, an email with a reset link is on its way. The link works once, for one hour.";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");

  async function requestLink() {
    const reply = await postAuth("/api/auth/request-password-reset", { email, redirectTo: RESET_PASSWORD_PAGE });
    if (reply.ok) return { kind: "sent" as const, text: RESET_SENT_MESSAGE };
    return authError(reply.body?.message ?? `The request failed (${reply.status}).`);
  }

  return (
    <AuthForm submitLabel="Email me a reset link" pendingLabel="Sending…" onSubmit={requestLink}>
      <p className="muted">Enter the address you sign in with; we will email you a link to choose a new password.</p>
      <TextField
        id="forgot-email"
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onValue={setEmail}
      />
    </AuthForm>
  );
}
