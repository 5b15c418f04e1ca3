// The web pages better-auth's links land on, shared by the auth server (which builds the
// links) and the pages (which ask for them). Plain constants: safe in client components.

/** Where a reset link lands with `?token=` (or `?error=INVALID_TOKEN`). */
export const RESET_PASSWORD_PAGE = "/reset-password";
/** Where a verification link returns to, with `?verified=1` (and `&error=…` when it failed). */
export const VERIFY_EMAIL_PAGE = "/verify-email";
