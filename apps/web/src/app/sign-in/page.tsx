// /sign-in: email and password (the root layout renders it without the shell), the way to a
// password reset, and "Sign in with SSO" when the instance owner has enabled single sign-on.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { safeNext } from "@/components/auth/safe-next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ssoErrorMessage } from "@/components/auth/sso-errors";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { isSsoEnabled } from "@mailstream/api/sso";
import { getDeps } from "@/server/deps";
import { getShellSession } from "@/server/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  if (await getShellSession()) redirect(safeNext(next));
  const ssoError = ssoErrorMessage(typeof error === "string" ? error : undefined);
  return (
    <AuthCard title="Sign in">
      {ssoError && (
        <p className="alert alert-error" role="alert">
          {ssoError}
        </p>
      )}
      {(await isSsoEnabled(getDeps().db)) && <SsoSignIn next={next ?? null} />}
      <SignInForm next={next ?? null} />
      <Link href="/forgot-password">Forgot password?</Link>
    </AuthCard>
  );
}
