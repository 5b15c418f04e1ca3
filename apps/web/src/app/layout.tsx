// Root layout: the app shell (sidebar + main area) around every page, and the tRPC provider.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";
import "./shell.css";
import "./ui.css";

export const metadata: Metadata = {
  title: { default: "Mailstream", template: "%s · Mailstream" },
  description: "Event-driven email journeys",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <div className="shell">
            <aside className="sidebar">
              <div className="brand">
                <span className="brand-mark" aria-hidden>
                  ✦
                </span>
                Mailstream
              </div>
              <SidebarNav />
              <div className="sidebar-footer">Demo workspace</div>
            </aside>
            <main className="main">{children}</main>
          </div>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
