// Root layout: the app shell (sidebar + main area) around every page, and the tRPC provider.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";
import "./ui.css";
import styles from "@/components/shell/shell.module.css";

export const metadata: Metadata = {
  title: { default: "Mailstream", template: "%s · Mailstream" },
  description: "Event-driven email journeys",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <div className={styles.shell}>
            <aside className={styles.sidebar}>
              <div className={styles.brand}>
                <span className={styles.brandMark} aria-hidden>
                  ✦
                </span>
                Mailstream
              </div>
              <SidebarNav />
              <div className={styles.sidebarFooter}>Demo workspace</div>
            </aside>
            <main className={styles.main}>{children}</main>
          </div>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
