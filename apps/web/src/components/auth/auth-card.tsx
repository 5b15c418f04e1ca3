// The card every page without the shell sits in (sign-in, password reset, verification,
// invitations): the brand, a heading, and the page's content.
import type { ReactNode } from "react";
import styles from "./sign-in.module.css";

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <div className={styles.brand}>
          <span aria-hidden>✦</span>
          Mailstream
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
