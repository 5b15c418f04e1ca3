// /sign-in: email and password (the root layout renders it without the shell), and the way
// to a password reset.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { safeNext } from "@/components/auth/safe-next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getShellSession } from "@/server/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getShellSession()) redirect(safeNext(next));
  return (
    <AuthCard title="Sign in">
      <SignInForm next={next ?? null} />
      <Link href="/forgot-password">Forgot password?</Link>
    </AuthCard>
  );
}
