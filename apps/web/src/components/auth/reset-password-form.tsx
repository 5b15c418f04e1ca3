"use client";
// Sets the new password with the link's token (better-auth's /api/auth/reset-password). The
// server signs every session of the account out; the person signs in again with the new one.
import Link from "next/link";
import { useState } from "react";
import { TextField } from "@/components/ui/form-field";
import { AuthForm, authError, NewPasswordField, postAuth } from "./auth-form";

export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [isDone, setIsDone] = useState(false);

  async function setNewPassword() {
    if (password !== confirm) return authError("The two passwords differ.");
    const reply = await postAuth("/api/auth/reset-password", { newPassword: password, token });
    if (reply.ok) {
      setIsDone(true);
      return null;
    }
    return authError(
      reply.body?.code === "INVALID_TOKEN"
        ? "This reset link is not valid any more (used or expired). Ask for a new one."
        : (reply.body?.message ?? `The password could not be changed (${reply.status}).`),
    );
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
    <AuthForm submitLabel="Set the new password" pendingLabel="Saving…" onSubmit={setNewPassword}>
      <NewPasswordField
        id="reset-password"
        label="New password"
        value={password}
        onValue={setPassword}
        hint="At least 10 characters."
      />
      <TextField
        id="reset-confirm"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onValue={setConfirm}
      />
    </AuthForm>
  );
}
