"use client";
// Left navigation; highlights the section the current URL is in.
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/journeys", label: "Journeys", icon: "⇢" },
  { href: "/templates", label: "Templates", icon: "✎" },
  { href: "/inbox", label: "Inbox", icon: "✉" },
] as const;

export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {SECTIONS.map((section) => {
        const isActive = pathname === section.href || pathname.startsWith(`${section.href}/`);
        return (
          <Link key={section.href} href={section.href} className="nav-link" aria-current={isActive ? "page" : undefined}>
            <span className="nav-icon" aria-hidden>
              {section.icon}
            </span>
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
