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

/** What a refused SSO sign-in (`/sign-in?error=…`, from the callback) means for the person. */
export function ssoErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  const messages: Record<string, string> = {
    sso_email_unverified:
      "Your sign-on provider has not verified your email address, so Mailstream cannot sign you in with it. Verify it there, or ask your administrator.",
    sso_email_missing: "Your sign-on provider did not share your email address (is the `email` scope allowed?).",
    sso_account_not_linked:
      "An account with this email exists but its address is not verified; sign in with your password instead.",
    sso_invalid_token: "The sign-on provider's answer failed its security checks. Try again.",
    sso_provider_error: "The sign-on provider refused or could not be reached. Try again, or ask your administrator.",
    sso_disabled: "Single sign-on is not enabled on this instance.",
    sso_state_missing: "The sign-on attempt expired or was started elsewhere. Start again.",
    state_mismatch: "The sign-on attempt expired or was started in another browser. Start again.",
  };
  return messages[code] ?? "Single sign-on failed. Start again.";
}
