"use client";
// Signs out (better-auth) and goes to `next` (the sign-in page by default).
export function SignOutButton({ next = "/sign-in" }: { next?: string }) {
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    window.location.assign(next);
  }
  return (
    <button type="button" className="btn" onClick={() => void signOut()}>
      Sign out
    </button>
  );
}
