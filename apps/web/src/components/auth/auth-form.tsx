"use client";
// The one frame of the forms on the pages without the shell (sign-in, invitation, forgot and
// reset password): a submit that is pending until its request settles, one notice line, and
// the same words when the server cannot be reached. Each form says only what it posts and
// what the answer means.
import { useState, type FormEvent, type ReactNode } from "react";
import { TextField } from "@/components/ui/form-field";
import styles from "./sign-in.module.css";

/** The line under the fields: an error, or (forgot password) the "sent" confirmation. */
export type AuthNotice = { kind: "error" | "sent"; text: string };

/** What the auth routes answer on failure; each form reads the fields its route uses. */
export type AuthReplyBody = {
  code?: string;
  error?: string;
  message?: string;
  errors?: { path: string; message: string }[];
};

/** Posts JSON to an auth route; the body is null when the answer is not JSON. */
export async function postAuth(url: string, payload: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  const body = (await response.json().catch(() => null)) as AuthReplyBody | null;
  return { ok: response.ok, status: response.status, body };
}

export const authError = (text: string): AuthNotice => ({ kind: "error", text });

export function AuthForm(props: {
  submitLabel: string;
  pendingLabel: string;
  /** Sends the request; answers the notice to show, or null when the page moves on. */
  onSubmit: () => Promise<AuthNotice | null>;
  children: ReactNode;
}) {
  const [notice, setNotice] = useState<AuthNotice | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIsPending(true);
    setNotice(null);
    try {
      setNotice(await props.onSubmit());
    } catch {
      setNotice(authError("Mailstream could not be reached. Try again."));
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)}>
      {props.children}
      {notice && (
        <div role="alert" className={`alert ${notice.kind === "sent" ? "alert-success" : "alert-error"}`}>
          {notice.text}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={isPending}>
        {isPending ? props.pendingLabel : props.submitLabel}
      </button>
    </form>
  );
}

/** A password being chosen, under the account rule (10 to 128 characters) the server checks too. */
export function NewPasswordField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: ReactNode;
  name?: string;
}) {
  return <TextField {...props} type="password" autoComplete="new-password" minLength={10} maxLength={128} required />;
}
