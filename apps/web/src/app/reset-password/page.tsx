// /reset-password: where a reset link lands (through better-auth, which checks the token and
// adds `?token=` or `?error=INVALID_TOKEN`): choose a new password.
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; error?: string }>;
}) {
  const { token, error } = await searchParams;
  return (
    <AuthCard title="Choose a new password">
      {token && !error ? (
        <ResetPasswordForm token={token} />
      ) : (
        <>
          <div role="alert" className="alert alert-error">
            This reset link is not valid: it was already used, it expired (links last one hour), or it was cut short.
          </div>
          <Link href="/forgot-password">Ask for a new link</Link>
        </>
      )}
    </AuthCard>
  );
}
