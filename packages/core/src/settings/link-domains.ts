// The workspace's link-domain list (Settings → Link domains): hosts a link built from Liquid
// output may point at and still be click-tracked (the rule is in emails/links.ts). The whole
// list is saved at once; entries are host names (`shop.example.com`) or `*.example.com` for
// every subdomain. Hosts written literally in a template and our own public host need no entry.
// A save records `settings.change` naming `linkDomains`, with the lists (public config).
import type { Db } from "@mailstream/db/client";
import { LINK_DOMAIN_PATTERN } from "@mailstream/emails/links";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-context";
import { saveWorkspaceSetting } from "./save-setting";
import type { PublicSettings } from "./settings";

export const MAX_LINK_DOMAINS = 100;

/** `Shop.Example.com`, `bücher.example` → their canonical (lower-case, punycode) form; null if not a host. */
function canonicalDomain(input: string): string | null {
  const wildcard = input.startsWith("*.");
  const host = wildcard ? input.slice(2) : input;
  if (host === "" || /[/:@?#\s*]/.test(host)) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
  // An IP address is not a domain; the URL parser also turns `1.2.3` into `1.2.0.3`.
  if (/^[\d.]+$/.test(hostname) || hostname.startsWith("[")) return null;
  const domain = `${wildcard ? "*." : ""}${hostname}`;
  return LINK_DOMAIN_PATTERN.test(domain) ? domain : null;
}

export const ZLinkDomainsSchema = z.object({
  domains: z
    .array(
      z.string().trim().min(1, "A link domain cannot be empty").max(253, "A link domain has at most 253 characters"),
    )
    .max(MAX_LINK_DOMAINS, `A workspace has at most ${MAX_LINK_DOMAINS} link domains`)
    .transform((domains, ctx) => {
      const canonical: string[] = [];
      for (const domain of domains) {
        const value = canonicalDomain(domain);
        if (value === null) {
          ctx.addIssue({
            code: "custom",
            message: `'${domain}' is not a domain: write a host name such as shop.example.com, or *.example.com for its subdomains`,
          });
        } else if (!canonical.includes(value)) canonical.push(value);
      }
      return canonical;
    }),
});

export async function saveLinkDomains(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  input: z.infer<typeof ZLinkDomainsSchema>,
  audit?: AuditContext | null,
): Promise<PublicSettings> {
  return saveWorkspaceSetting(
    db,
    secret,
    workspaceId,
    { field: "linkDomains", value: input.domains, absent: [], label: "Link domains" },
    audit,
  );
}
