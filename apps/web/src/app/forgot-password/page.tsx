// /forgot-password: ask for a reset link. The answer is the same whether or not the address
// has an account (better-auth's request-password-reset; packages/auth/src/server.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Reset your password">
      <ForgotPasswordForm />
      <Link href="/sign-in">Back to sign in</Link>
    </AuthCard>
  );
}
