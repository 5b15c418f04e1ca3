// /verify-email: where a verification link returns after better-auth checked its token
// (`?verified=1`, with `&error=…` when the token was bad or expired).
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata: Metadata = { title: "Email verification" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  TOKEN_EXPIRED: "This verification link has expired (links last one day). Sign in to ask for a new one.",
  INVALID_TOKEN: "This verification link is not valid. Open the whole link from the most recent email.",
  USER_NOT_FOUND: "The account this link was for no longer exists.",
};

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ verified?: string; error?: string }>;
}) {
  const { verified, error } = await searchParams;
  const problem = error ? (ERRORS[error] ?? "This verification link could not be used.") : null;
  return (
    <AuthCard title="Email verification">
      {problem ? (
        <div role="alert" className="alert alert-error">
          {problem}
        </div>
      ) : verified ? (
        <div role="status" className="alert alert-success">
          Your email address is confirmed.
        </div>
      ) : (
        <p className="muted">Open the link in the verification email to confirm your address.</p>
      )}
      <Link href="/overview">Continue to Mailstream</Link>
    </AuthCard>
  );
}
