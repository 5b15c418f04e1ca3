// Which IP addresses a server-side request to a user-chosen target may reach. Works on the
// canonical address that resolution produced (dns.lookup or an IP literal), so every spelling
// of an address — decimal `2130706433`, octal `0177.0.0.1`, hex, `[::ffff:127.0.0.1]` — is
// judged by what it really is. IPv6 forms that carry an IPv4 address (mapped, compatible,
// NAT64, 6to4) are judged by the IPv4 address inside.
import { BlockList, isIP } from "node:net";

// IANA special-purpose registries (RFC 6890 and successors): nothing here is a public host.
// Keyed by the reason a refusal names; each reason lists its ranges of both families.
const REFUSED_RANGES: Record<string, readonly string[]> = {
  unspecified: ["0.0.0.0/8", "::/128"],
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
  "carrier-grade NAT": ["100.64.0.0/10"],
  "link-local": ["169.254.0.0/16", "fe80::/10"],
  reserved: [
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "240.0.0.0/4",
    "64:ff9b:1::/48",
    "100::/64",
    "2001::/23",
    "2001:db8::/32",
  ],
  multicast: ["224.0.0.0/4", "ff00::/8"],
  "unique local": ["fc00::/7"],
  "site-local": ["fec0::/10"],
};

type Family = "ipv4" | "ipv6";

/** One block list per family and reason, built once. */
const REFUSED: Record<Family, [reason: string, list: BlockList][]> = { ipv4: [], ipv6: [] };
for (const [reason, ranges] of Object.entries(REFUSED_RANGES)) {
  for (const family of ["ipv4", "ipv6"] as const) {
    const list = new BlockList();
    for (const range of ranges) {
      const [network = "", prefix] = range.split("/");
      if ((isIP(network) === 4 ? "ipv4" : "ipv6") === family) list.addSubnet(network, Number(prefix), family);
    }
    REFUSED[family].push([reason, list]);
  }
}

/** Why an address may not be reached ("loopback address", …), or null when it is a public address. */
export function refusalReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return described(matchRange(address, "ipv4"));
  if (family !== 6) return "not an IP address";
  const embedded = embeddedIpv4(address);
  if (embedded !== null) {
    const reason = matchRange(embedded, "ipv4");
    return reason === null ? null : `${reason} address, as ${embedded}`;
  }
  return described(matchRange(address, "ipv6"));
}

function described(reason: string | null): string | null {
  return reason === null ? null : `${reason} address`;
}

function matchRange(address: string, family: Family): string | null {
  return REFUSED[family].find(([, list]) => list.check(address, family))?.[0] ?? null;
}

/** The 8 groups of an IPv6 address as numbers (the address is already known to be valid). */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  // A trailing dotted IPv4 part (::ffff:127.0.0.1) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = (dotted[1] as string).split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...fill, ...tailGroups].map((group) => parseInt(group, 16));
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 64:ff9b::/96, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const quad = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; :: and ::1 are judged as IPv6 above).
  if (zeros(0, 5) && g[5] === 0xffff) return quad(g[6] as number, g[7] as number);
  if (zeros(0, 6) && !(g[6] === 0 && (g[7] as number) <= 1)) return quad(g[6] as number, g[7] as number);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return quad(g[6] as number, g[7] as number);
  if (g[0] === 0x2002) return quad(g[1] as number, g[2] as number);
  return null;
}
