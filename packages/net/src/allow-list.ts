// The instance's allow-list for private targets a self-hoster really wants to reach (a mail relay
// on the LAN, an internal webhook receiver): MAILSTREAM_OUTBOUND_ALLOW, comma- or space-separated
// CIDRs (`10.0.0.0/8`, `fd00::/8`), single addresses or exact host names. It is an instance
// setting on purpose — a workspace can never widen what the server may reach.
import { BlockList, isIP } from "node:net";

export type OutboundAllowList = {
  /** Exact host names (lower case, no trailing dot) whose resolved addresses are all allowed. */
  hosts: ReadonlySet<string>;
  addresses: BlockList;
  isEmpty: boolean;
};

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** Parses the setting; an entry that is neither a CIDR, an address nor a host name throws, naming it. */
export function parseOutboundAllowList(value: string | readonly string[] | undefined): OutboundAllowList {
  const entries = (typeof value === "string" ? value.split(/[\s,]+/) : [...(value ?? [])])
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const entry of entries) {
    const [network = "", prefixText, extra] = entry.replace(/^\[|\](?=\/|$)/g, "").split("/");
    const family = isIP(network);
    if (family !== 0) {
      const type = family === 4 ? "ipv4" : "ipv6";
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (extra !== undefined || !/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
        throw new Error(`MAILSTREAM_OUTBOUND_ALLOW: "${entry}" is not a valid CIDR (prefix 0–${max})`);
      }
      addresses.addSubnet(network, prefix, type);
      continue;
    }
    const host = normaliseHost(entry);
    if (prefixText !== undefined || !HOST_NAME.test(host)) {
      throw new Error(`MAILSTREAM_OUTBOUND_ALLOW: "${entry}" is neither a CIDR, an IP address nor a host name`);
    }
    hosts.add(host);
  }
  return { hosts, addresses, isEmpty: entries.length === 0 };
}

/** Lower case, no brackets around an IPv6 literal, no trailing root dot. */
export function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}
