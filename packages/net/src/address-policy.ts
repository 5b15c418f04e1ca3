// Which IP addresses a server-side request to a user-chosen target may reach. Works on the
// canonical address that resolution produced (dns.lookup or an IP literal), so every spelling
// of an address — decimal `2130706433`, octal `0177.0.0.1`, hex, `[::ffff:127.0.0.1]` — is
// judged by what it really is. IPv6 forms that carry an IPv4 address (mapped, compatible,
// NAT64, 6to4) are judged by the IPv4 address inside.
import { BlockList, isIP } from "node:net";

type Range = { network: string; prefix: number; reason: string };

// IANA special-purpose registries (RFC 6890 and successors): nothing here is a public host.
const IPV4_REFUSED: Range[] = [
  { network: "0.0.0.0", prefix: 8, reason: "unspecified" },
  { network: "10.0.0.0", prefix: 8, reason: "private" },
  { network: "100.64.0.0", prefix: 10, reason: "carrier-grade NAT" },
  { network: "127.0.0.0", prefix: 8, reason: "loopback" },
  { network: "169.254.0.0", prefix: 16, reason: "link-local" },
  { network: "172.16.0.0", prefix: 12, reason: "private" },
  { network: "192.0.0.0", prefix: 24, reason: "reserved" },
  { network: "192.0.2.0", prefix: 24, reason: "reserved" },
  { network: "192.88.99.0", prefix: 24, reason: "reserved" },
  { network: "192.168.0.0", prefix: 16, reason: "private" },
  { network: "198.18.0.0", prefix: 15, reason: "reserved" },
  { network: "198.51.100.0", prefix: 24, reason: "reserved" },
  { network: "203.0.113.0", prefix: 24, reason: "reserved" },
  { network: "224.0.0.0", prefix: 4, reason: "multicast" },
  { network: "240.0.0.0", prefix: 4, reason: "reserved" },
];

const IPV6_REFUSED: Range[] = [
  { network: "::", prefix: 128, reason: "unspecified" },
  { network: "::1", prefix: 128, reason: "loopback" },
  { network: "64:ff9b:1::", prefix: 48, reason: "reserved" },
  { network: "100::", prefix: 64, reason: "reserved" },
  { network: "2001::", prefix: 23, reason: "reserved" },
  { network: "2001:db8::", prefix: 32, reason: "reserved" },
  { network: "fc00::", prefix: 7, reason: "unique local" },
  { network: "fe80::", prefix: 10, reason: "link-local" },
  { network: "fec0::", prefix: 10, reason: "site-local" },
  { network: "ff00::", prefix: 8, reason: "multicast" },
];

/** Why an address may not be reached ("loopback address", …), or null when it is a public address. */
export function refusalReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return described(matchRange(IPV4_REFUSED, address, "ipv4"));
  if (family !== 6) return "not an IP address";
  const embedded = embeddedIpv4(address);
  if (embedded !== null) {
    const reason = matchRange(IPV4_REFUSED, embedded, "ipv4");
    return reason === null ? null : `${reason} address, as ${embedded}`;
  }
  return described(matchRange(IPV6_REFUSED, address, "ipv6"));
}

function described(reason: string | null): string | null {
  return reason === null ? null : `${reason} address`;
}

function matchRange(ranges: Range[], address: string, type: "ipv4" | "ipv6"): string | null {
  for (const range of ranges) {
    const list = new BlockList();
    list.addSubnet(range.network, range.prefix, type);
    if (list.check(address, type)) return range.reason;
  }
  return null;
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
