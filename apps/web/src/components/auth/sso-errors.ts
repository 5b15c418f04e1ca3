// The words the sign-in page shows for a refused SSO sign-in (`/sign-in?error=…`, set by the
// callback in packages/auth/src/sso/sso-plugin.ts). Plain module: the server page renders them.
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
