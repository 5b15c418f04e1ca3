// /sign-in: the one page without a session (the root layout renders it without the shell).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import styles from "@/components/auth/sign-in.module.css";
import { getShellSession } from "@/server/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getShellSession()) redirect("/overview");
  const { next } = await searchParams;
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <div className={styles.brand}>
          <span aria-hidden>✦</span>
          Mailstream
        </div>
        <h1>Sign in</h1>
        <SignInForm next={next ?? null} />
      </div>
    </main>
  );
}
