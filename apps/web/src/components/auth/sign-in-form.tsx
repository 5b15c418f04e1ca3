"use client";
// Email + password sign-in against better-auth (/api/auth/sign-in/email). The server answers a
// wrong password and an unknown address alike (401), and too many failures with a 429.
import { useState } from "react";
import { TextField } from "@/components/ui/form-field";
import { AuthForm, authError, postAuth } from "./auth-form";
import { safeNext } from "./safe-next";

/** The two inputs, typed so that password managers fill them. */
const FIELDS = [
  { name: "email", label: "Email", type: "email", autoComplete: "username" },
  { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
] as const;

export function SignInForm({ next }: { next: string | null }) {
  const [login, setLogin] = useState({ email: "", password: "" });

  async function signIn() {
    const reply = await postAuth("/api/auth/sign-in/email", login);
    if (reply.ok) {
      window.location.assign(safeNext(next));
      return null;
    }
    return authError(
      reply.status === 429
        ? (reply.body?.message ?? "Too many failed sign-in attempts. Wait a few minutes and try again.")
        : reply.status === 401
          ? "Wrong email or password."
          : (reply.body?.message ?? `Sign-in failed (${reply.status}).`),
    );
  }

  return (
    <AuthForm submitLabel="Sign in" pendingLabel="Signing in…" onSubmit={signIn}>
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
    </AuthForm>
  );
}
