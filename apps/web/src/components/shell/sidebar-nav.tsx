"use client";
// Left navigation; highlights the section the current URL is in.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Permission } from "@mailstream/auth/permissions";
import { usePermissions } from "./permissions";
import { LineIcon } from "@/components/ui/line-icon";
import styles from "./shell.module.css";

// Line icons (24×24 paths), inline so the shell needs no icon package or font glyphs.
const SECTIONS = [
  { href: "/overview", label: "Overview", icon: ["M3 3v18h18", "M7 15l4-4 3 3 5-6"] },
  {
    href: "/journeys",
    label: "Journeys",
    icon: [
      "M5 6a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
      "M19 22a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
      "M5 6v4a4 4 0 0 0 4 4h6a4 4 0 0 1 4 4",
    ],
  },
  {
    href: "/contacts",
    label: "Contacts",
    permission: "contacts:read",
    icon: [
      "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2",
      "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
      "M22 21v-2a4 4 0 0 0-3-3.87",
      "M16 3.13a4 4 0 0 1 0 7.75",
    ],
  },
  {
    href: "/broadcasts",
    label: "Broadcasts",
    permission: "broadcasts:read",
    icon: ["M3 11v2a1 1 0 0 0 1 1h3l5 4V6L7 10H4a1 1 0 0 0-1 1z", "M16 8a5 5 0 0 1 0 8", "M19 5a9 9 0 0 1 0 14"],
  },
  { href: "/segments", label: "Segments", icon: ["M12 2a10 10 0 1 0 10 10", "M12 2v10h10"] },
  { href: "/events", label: "Events", permission: "events:read", icon: ["M22 12h-4l-3 9L9 3l-3 9H2"] },
  { href: "/templates", label: "Templates", icon: ["M4 4h16v16H4z", "M8 9h8", "M8 13h8", "M8 17h5"] },
  { href: "/inbox", label: "Inbox", permission: "messages:read", icon: ["M3 13h5l2 3h4l2-3h5", "M5 5h14l2 8v6H3v-6z"] },
  {
    href: "/settings/members",
    label: "Members",
    permission: "workspace:manage",
    icon: ["M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2", "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M19 8v6", "M22 11h-6"],
  },
  {
    href: "/settings",
    label: "Settings",
    permission: "settings:read",
    icon: [
      "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
      "M4 12h2",
      "M18 12h2",
      "M12 4v2",
      "M12 18v2",
      "M6.3 6.3l1.4 1.4",
      "M16.3 16.3l1.4 1.4",
      "M6.3 17.7l1.4-1.4",
      "M16.3 7.7l1.4-1.4",
    ],
  },
  {
    href: "/settings/api-keys",
    label: "API keys",
    permission: "apiKeys:write",
    icon: ["M7.5 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M11.5 12H21", "M18 12v3", "M21 12v2"],
  },
  {
    href: "/settings/audit",
    label: "Audit log",
    permission: "audit:read",
    icon: ["M9 4h10v16H5V8z", "M9 4v4H5", "M9 12h6", "M9 16h6"],
  },
] as const;

/** The instance owner's own section (not a workspace permission: see instance_owners). */
const INSTANCE_SECTION = {
  href: "/settings/instance/sso",
  label: "Single sign-on",
  icon: ["M5 11h14v10H5z", "M8 11V7a4 4 0 1 1 8 0v4"],
} as const;

/** Sections whose data the role cannot read are not offered (the server refuses them anyway). */
function isVisible(section: (typeof SECTIONS)[number], permissions: ReadonlySet<Permission>): boolean {
  return !("permission" in section) || permissions.has(section.permission);
}

/** The deepest section containing the URL (`/settings/api-keys` is API keys, not Settings). */
function activeHref(pathname: string, sections: ReadonlyArray<{ href: string }>): string | undefined {
  return sections
    .map((section) => section.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}

export function SidebarNav({ isInstanceOwner = false }: { isInstanceOwner?: boolean }) {
  const pathname = usePathname();
  const permissions = usePermissions();
  const sections = [
    ...SECTIONS.filter((section) => isVisible(section, permissions)),
    ...(isInstanceOwner ? [INSTANCE_SECTION] : []),
  ];
  const active = activeHref(pathname, sections);
  return (
    <nav className={styles.nav} aria-label="Main">
      {sections.map((section) => {
        const isActive = section.href === active;
        return (
          <Link
            key={section.href}
            href={section.href}
            className={styles.navLink}
            aria-current={isActive ? "page" : undefined}
          >
            <span className={styles.navIcon}>
              <LineIcon paths={section.icon} />
            </span>
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
