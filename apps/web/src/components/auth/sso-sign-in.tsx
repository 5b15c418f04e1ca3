"use client";
// "Sign in with SSO": asks better-auth's SSO endpoint for the provider's authorization URL (the
// state, PKCE verifier and nonce are kept server-side) and sends the browser there.
import { useState } from "react";
import { postAuth } from "./auth-form";
import { safeNext } from "./safe-next";
import styles from "./sign-in.module.css";

export function SsoSignIn({ next }: { next: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function start() {
    setIsPending(true);
    setError(null);
    try {
      const reply = await postAuth("/api/auth/sign-in/sso", { callbackURL: safeNext(next) });
      const url = (reply.body as { url?: unknown } | null)?.url;
      if (reply.ok && typeof url === "string") {
        window.location.assign(url);
        return;
      }
      setError(reply.body?.message ?? `Single sign-on failed (${reply.status}).`);
    } catch {
      setError("Mailstream could not be reached. Try again.");
    }
    setIsPending(false);
  }

  return (
    <div className={styles.form}>
      <button type="button" className="btn" disabled={isPending} onClick={() => void start()}>
        {isPending ? "Redirecting…" : "Sign in with SSO"}
      </button>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
