// The client's address: one rule for the per-address rate limits, the audit log and the
// security log. Headers a client sends cannot be believed on their own:
// - The web server (apps/web/server.mjs) stamps every request with the address of the socket it
//   arrived on (PEER_ADDRESS_HEADER), overwriting whatever the client sent under that name.
//   Next.js itself only fills X-Forwarded-For when it is absent, so a client talking to it
//   directly could otherwise pick a fresh address per request.
// - Behind reverse proxies you control (MAILSTREAM_TRUST_PROXY = how many), each appends the
//   address it saw to X-Forwarded-For; the client is the hop the outermost trusted proxy
//   appended. Hops to its left are whatever the client wrote.
import { isIP } from "node:net";

export const PEER_ADDRESS_HEADER = "x-mailstream-peer";

function asAddress(value: string | null | undefined): string | null {
  let candidate = value?.trim();
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; count it as the IPv4 address.
  if (candidate?.toLowerCase().startsWith("::ffff:") && isIP(candidate.slice(7)) === 4) candidate = candidate.slice(7);
  return candidate && isIP(candidate) ? candidate : null;
}

/**
 * The client address of a request, or null when it cannot be known (no web server stamp, or a
 * hop that is not an address). `trustedProxies` is MAILSTREAM_TRUST_PROXY: 0 when the web server
 * faces clients directly.
 */
export function clientAddress(headers: Headers | undefined, trustedProxies: number): string | null {
  if (!headers) return null;
  if (trustedProxies <= 0) return asAddress(headers.get(PEER_ADDRESS_HEADER));
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return asAddress(headers.get(PEER_ADDRESS_HEADER));
  return asAddress(hops[Math.max(0, hops.length - trustedProxies)]);
}

/** The key a per-address limit counts: requests whose address is unknown share one budget. */
export function clientAddressKey(headers: Headers | undefined, trustedProxies: number): string {
  return clientAddress(headers, trustedProxies) ?? "unknown";
}
