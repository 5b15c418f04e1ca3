// Root layout: the app shell (sidebar + main area) around every page, and the tRPC provider.
// Every page but signing in and joining (isPublicPage, rendered without the shell) needs a
// signed-in person (checked here on the server, not only by the middleware's look at the
// cookie); the shell shows their workspace, role and switcher.
import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { PermissionsProvider } from "@/components/shell/permissions";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { isPublicPage, PATHNAME_HEADER } from "@/server/pathname-header";
import { requireSession } from "@/server/session";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";
import "./ui.css";
import styles from "@/components/shell/shell.module.css";

export const metadata: Metadata = {
  title: { default: "Mailstream", template: "%s · Mailstream" },
  description: "Event-driven email journeys",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const pathname = (await headers()).get(PATHNAME_HEADER) ?? "";
  if (isPublicPage(pathname)) {
    return (
      <html lang="en">
        <body>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </body>
      </html>
    );
  }
  const session = await requireSession(pathname);
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <PermissionsProvider permissions={session.workspace?.permissions ?? []}>
            <div className={styles.shell}>
              <aside className={styles.sidebar}>
                <div className={styles.brand}>
                  <span className={styles.brandMark} aria-hidden>
                    ✦
                  </span>
                  Mailstream
                </div>
                <SidebarNav isInstanceOwner={session.isInstanceOwner} />
                <div className={styles.sidebarFooter}>
                  <WorkspaceSwitcher
                    activeId={session.workspace?.id ?? null}
                    workspaces={session.memberships}
                    email={session.user.email}
                  />
                </div>
              </aside>
              <main className={styles.main}>
                {session.workspace ? (
                  children
                ) : (
                  <div className="card card-body">
                    You are not a member of any workspace yet: ask a workspace owner for an invitation, or create one in
                    the sidebar.
                  </div>
                )}
              </main>
            </div>
          </PermissionsProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
